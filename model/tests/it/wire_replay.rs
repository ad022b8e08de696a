//! The wire form does not move: every request and answer recorded from real replicas
//! before the Api became typed (`wire_replay.txt`, a request line then its answer
//! line) decodes into the typed request and its typed answer and encodes back to the
//! same bytes.

use sotay_model::api::{requests, Answer, ApiError, Call, Request, Response};
use std::collections::BTreeSet;

const RECORDED: &str = include_str!("wire_replay.txt");

/// The request's own answer type, decoded from `answer` and encoded back.
macro_rules! typed_answer {
    (
        local { $($lm:ident : $($l:ident),+ ;)* }
        device { $($dm:ident : $($d:ident),+ ;)* }
        online { $($om:ident : $($o:ident),+ ;)* }
    ) => {
        fn through_typed_answer(req: &Request, answer: Response) -> Result<Response, ApiError> {
            match req {
                $($(Request::$l(_) => {
                    <<requests::$l as Call>::Answer as Answer>::from_response(answer)
                        .map(Answer::into_response)
                })+)*
                $($(Request::$d(_) => {
                    <<requests::$d as Call>::Answer as Answer>::from_response(answer)
                        .map(Answer::into_response)
                })+)*
                $($(Request::$o(_) => {
                    <<requests::$o as Call>::Answer as Answer>::from_response(answer)
                        .map(Answer::into_response)
                })+)*
            }
        }

        fn every_tag() -> BTreeSet<&'static str> {
            [
                $($(<requests::$l as Call>::TAG,)+)*
                $($(<requests::$d as Call>::TAG,)+)*
                $($(<requests::$o as Call>::TAG,)+)*
            ]
                .into_iter()
                .collect()
        }
    };
}

sotay_model::for_each_request!(typed_answer);

fn pairs() -> Vec<(&'static str, &'static str)> {
    let lines: Vec<&str> = RECORDED.lines().collect();
    assert_eq!(lines.len() % 2, 0, "a request line, then its answer line");
    lines.chunks(2).map(|p| (p[0], p[1])).collect()
}

#[test]
fn recorded_requests_round_trip_byte_for_byte() {
    for (line, _) in pairs() {
        let req: Request = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert_eq!(serde_json::to_string(&req).expect("encode"), line);
        let wire: serde_json::Value = serde_json::from_str(line).expect("json");
        assert_eq!(Some(req.tag()), wire["type"].as_str(), "{line}");
    }
}

#[test]
fn recorded_answers_decode_to_their_requests_typed_answer() {
    for (req, answer) in pairs() {
        let req: Request = serde_json::from_str(req).expect("request");
        let wire: Response =
            serde_json::from_str(answer).unwrap_or_else(|e| panic!("{e}: {answer}"));
        let typed = through_typed_answer(&req, wire)
            .unwrap_or_else(|e| panic!("{}: {e}: {answer}", req.tag()));
        assert_eq!(serde_json::to_string(&typed).expect("encode"), answer);
    }
}

#[test]
fn every_request_is_recorded() {
    let recorded: BTreeSet<String> = pairs()
        .iter()
        .map(|(req, _)| {
            let v: serde_json::Value = serde_json::from_str(req).expect("json");
            v["type"].as_str().expect("a tag").to_string()
        })
        .collect();
    let missing: Vec<_> = every_tag()
        .into_iter()
        .filter(|t| !recorded.contains(*t))
        .collect();
    assert!(missing.is_empty(), "no recorded example of {missing:?}");
}

#[test]
fn another_requests_answer_is_one_protocol_error() {
    let err = <<requests::ListMembers as Call>::Answer as Answer>::from_response(Response::Done)
        .expect_err("members expected");
    assert_eq!(err.kind, sotay_model::api::ApiErrorKind::Server);
    assert!(err.message.contains("Done"), "{}", err.message);
}
