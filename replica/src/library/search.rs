//! Vietnamese full-text search rules for the library (issue 5), without SQL: how text
//! is cut into words and folded for the index, how a typed query becomes an FTS5
//! query, and how a snippet of the ORIGINAL accented text is marked.
//!
//! Words are cut from the original text first and each word is folded on its own
//! (`vn::fold`), so a folded word always maps back to its original slice even where
//! folding changes the number of characters (decomposed accents, `İ`). Every
//! non-alphanumeric character separates words, so `57-NQ/TW`, `57 NQ TW` and
//! `57/NQ-TW` all become the words `57 nq tw`.

use sotay_model::library::TextSpan;
use sotay_model::vn::fold;
use std::collections::{BTreeSet, HashMap};

fn is_word_char(c: char) -> bool {
    // The same answer as `is_alphanumeric` (a test checks every character up to
    // U+2FFF), without its table search for the letters Vietnamese is written in:
    // that search was a quarter of a search's time, in the snippets of long texts.
    match c {
        '\0'..='\u{7f}' => c.is_ascii_alphanumeric(),
        '\u{d7}' | '\u{f7}' => false,
        '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' => true,
        // Combining accents (decomposed input) belong to the word they sit on.
        '\u{300}'..='\u{36f}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// The words of `s` as byte ranges of `s`.
pub(crate) fn words(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(b)) => {
                out.push((b, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(b) = start {
        out.push((b, s.len()));
    }
    out
}

/// One word folded the way the index holds it (only alphanumerics kept). Plain ASCII
/// words (numbers, abbreviations, unaccented syllables) only need lower case.
fn fold_word(w: &str) -> String {
    if w.is_ascii() {
        return w
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
    }
    fold(w).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The folded words of `s`.
pub(crate) fn folded_words(s: &str) -> Vec<String> {
    words(s)
        .into_iter()
        .map(|(a, b)| fold_word(&s[a..b]))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The text an index column holds for `s`: folded words joined by spaces.
pub(crate) fn index_text(s: &str) -> String {
    folded_words(s).join(" ")
}

/// How close (in words, within one column) the pieces of a query must be for the
/// precise match; without diacritics, `chuyen doi so` would otherwise also find a text
/// with `chuyên đề`, `đi đôi` and `cơ sở` pages apart.
const NEAR: usize = 12;

/// A typed query, parsed: FTS5 MATCH expressions and the folded words to mark.
#[derive(Debug, PartialEq)]
pub(crate) struct Query {
    /// The whole query as one phrase, when it has more than one piece: the exact
    /// wording, asked before `near` so it ranks first.
    pub phrase: Option<String>,
    /// Every piece, near the others in one column (or the whole query as a phrase).
    pub near: String,
    /// Every piece, anywhere in the document: the fallback when `near` finds nothing.
    pub all: String,
    /// `all` with its last word as a prefix (`nghi quyet chuye` → `chuye*`), for a
    /// query still being typed: the last fallback, so whole words always rank first.
    pub typing: Option<String>,
    /// The words to mark; `prefix` holds the last word, to use with `typing` only.
    pub words: Hits,
}

/// The folded words a result marks: the query's words and, when the last word was
/// taken as a prefix, every word starting with it.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Hits {
    pub words: BTreeSet<String>,
    pub prefix: Option<String>,
}

impl Hits {
    #[cfg(test)]
    pub(crate) fn of(words: &[&str]) -> Hits {
        Hits {
            words: words.iter().map(|w| w.to_string()).collect(),
            prefix: None,
        }
    }

    fn matches(&self, w: &str) -> bool {
        self.words.contains(w) || self.prefix.as_deref().is_some_and(|p| w.starts_with(p))
    }
}

/// Parse a typed query. Every whitespace-separated piece must match (AND); a piece
/// that holds several words (`57-NQ/TW`, `57/NQ-TW`) must match them in order, as a
/// phrase. `None` when the query holds no word at all.
pub(crate) fn parse_query(q: &str) -> Option<Query> {
    let mut parts = Vec::new();
    let mut all = BTreeSet::new();
    for piece in q.split_whitespace() {
        let ws = folded_words(piece);
        if ws.is_empty() {
            continue;
        }
        // Folded words are alphanumeric only, so quoting cannot be broken out of.
        parts.push(format!("\"{}\"", ws.join(" ")));
        all.extend(ws);
    }
    if parts.is_empty() {
        return None;
    }
    let (phrase, near) = if parts.len() == 1 {
        (None, parts[0].clone())
    } else {
        let whole: Vec<&str> = parts.iter().map(|p| p.trim_matches('"')).collect();
        let phrase = format!("\"{}\"", whole.join(" "));
        // A phrase longer than NEAR's reach is not near itself: keep it as an option.
        let near = format!("NEAR({}, {NEAR}) OR {phrase}", parts.join(" "));
        (Some(phrase), near)
    };
    let all_expr = parts.join(" ");
    // Only a last word of 3 letters or more, with no space after it, is a prefix: a
    // shorter one would match half the library.
    let last_word = folded_words(q).pop().unwrap_or_default();
    let typing = (q.chars().last().is_some_and(is_word_char) && last_word.chars().count() >= 3)
        .then(|| format!("{all_expr} *"));
    Some(Query {
        phrase,
        near,
        all: all_expr,
        typing,
        words: Hits {
            words: all,
            prefix: Some(last_word),
        },
    })
}

/// `s` cut into spans, words whose folded form is in `hits` marked.
pub(crate) fn mark(s: &str, hits: &Hits) -> Vec<TextSpan> {
    mark_range(s, &words(s), 0, usize::MAX, hits)
}

/// Spans of `s` from word `from` to word `to` (exclusive), marking hit words.
fn mark_range(
    s: &str,
    ws: &[(usize, usize)],
    from: usize,
    to: usize,
    hits: &Hits,
) -> Vec<TextSpan> {
    let to = to.min(ws.len());
    let (begin, end) = if from == 0 && to == ws.len() {
        (0, s.len())
    } else if from < to {
        (ws[from].0, ws[to - 1].1)
    } else {
        return Vec::new();
    };
    let mut out: Vec<TextSpan> = Vec::new();
    let mut push = |text: &str, hit: bool| {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if !last.hit && !hit => last.text.push_str(text),
            _ => out.push(TextSpan {
                text: text.to_string(),
                hit,
            }),
        }
    };
    let mut at = begin;
    for &(a, b) in &ws[from..to] {
        if hits.matches(&fold_word(&s[a..b])) {
            push(&s[at..a], false);
            push(&s[a..b], true);
            at = b;
        }
    }
    push(&s[at..end], false);
    out
}

/// Words a snippet shows.
const WINDOW: usize = 28;
/// Words shown before the first match of the window.
const LEAD: usize = 6;

/// The best passage of the first text among `texts` (summary, then full text) around
/// the query's words: the window holding the most different matched words, earliest
/// first. With no match anywhere, the start of the first non-empty text.
pub(crate) fn snippet(texts: &[&str], hits: &Hits) -> Vec<TextSpan> {
    // (distinct words matched, matches) of the best window, text index, first word.
    let mut best: Option<((usize, usize), usize, usize)> = None;
    // Each distinct written word is folded once: a text repeats its words, and folding
    // is the costly part. `Some(n)`: the word matches, `n` numbers its folded form.
    let mut seen: HashMap<&str, Option<usize>> = HashMap::new();
    let mut folded_ids: HashMap<String, usize> = HashMap::new();
    for (t, s) in texts.iter().enumerate() {
        let ids: Vec<Option<usize>> = words(s)
            .into_iter()
            .map(|(a, b)| {
                let w = &s[a..b];
                *seen.entry(w).or_insert_with(|| {
                    let f = fold_word(w);
                    if !hits.matches(&f) {
                        return None;
                    }
                    let n = folded_ids.len();
                    Some(*folded_ids.entry(f).or_insert(n))
                })
            })
            .collect();
        let mut distinct: Vec<usize> = Vec::with_capacity(WINDOW);
        for (i, id) in ids.iter().enumerate() {
            if id.is_none() {
                continue;
            }
            let from = i.saturating_sub(LEAD);
            let window = &ids[from..(from + WINDOW).min(ids.len())];
            distinct.clear();
            let mut matched = 0;
            for &n in window.iter().flatten() {
                matched += 1;
                if !distinct.contains(&n) {
                    distinct.push(n);
                }
            }
            let score = (distinct.len(), matched);
            if best.is_none_or(|(b, _, _)| score > b) {
                best = Some((score, t, from));
            }
        }
    }
    let (t, from) = match best {
        Some((_, t, from)) => (t, from),
        None => match texts.iter().position(|s| !s.trim().is_empty()) {
            Some(t) => (t, 0),
            None => return Vec::new(),
        },
    };
    let s = texts[t];
    let ws = words(s);
    let to = (from + WINDOW).min(ws.len());
    let mut spans = mark_range(s, &ws, from, to, hits);
    if from > 0 {
        spans.insert(0, plain("… "));
    }
    if to < ws.len() {
        spans.push(plain(" …"));
    }
    spans
}

fn plain(s: &str) -> TextSpan {
    TextSpan {
        text: s.to_string(),
        hit: false,
    }
}

/// Spans as text with «…» around matched words.
pub(crate) fn marked_text(spans: &[TextSpan]) -> String {
    spans
        .iter()
        .map(|s| {
            if s.hit {
                format!("«{}»", s.text)
            } else {
                s.text.clone()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_characters_are_the_alphanumerics_and_combining_accents() {
        for c in ('\0'..='\u{2fff}').chain(['\u{10000}', '\u{1f600}']) {
            let want = c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c);
            assert_eq!(is_word_char(c), want, "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn numbers_in_any_form_become_the_same_words() {
        for typed in ["57-NQ/TW", "57 NQ TW", "57/NQ-TW", "57 – nq/tw"] {
            assert_eq!(folded_words(typed), ["57", "nq", "tw"], "{typed}");
        }
        assert_eq!(index_text("ĐẢNG VIÊN, đảng viên"), "dang vien dang vien");
    }

    #[test]
    fn queries_are_quoted_words_and_phrases() {
        let q = parse_query("  Nghị quyết 57-NQ/TW \"; DROP").expect("query");
        assert_eq!(q.all, "\"nghi\" \"quyet\" \"57 nq tw\" \"drop\"");
        assert_eq!(
            q.near,
            "NEAR(\"nghi\" \"quyet\" \"57 nq tw\" \"drop\", 12) OR \"nghi quyet 57 nq tw drop\""
        );
        assert_eq!(q.phrase.as_deref(), Some("\"nghi quyet 57 nq tw drop\""));
        let one = parse_query("57/NQ-TW").expect("one");
        assert_eq!(one.near, "\"57 nq tw\"");
        assert_eq!(one.phrase, None, "one piece is its own phrase");
        // A last word still being typed is also tried as a prefix; a finished one is not.
        let q = parse_query("Đảng viên dự").expect("typing");
        assert_eq!(q.typing, None, "too short to be a useful prefix");
        let q = parse_query("nghị quyết 57 chuyể").expect("typing");
        assert_eq!(
            q.typing.as_deref(),
            Some("\"nghi\" \"quyet\" \"57\" \"chuye\" *")
        );
        assert_eq!(parse_query("chuyen ").expect("done").typing, None);
        assert!(parse_query(" - / ").is_none());
    }

    #[test]
    fn marks_keep_the_original_accents_even_when_decomposed() {
        let hits = Hits::of(&["dang", "vien"]);
        let text = "Mỗi đa\u{309}ng viên phải gương mẫu";
        assert_eq!(
            marked_text(&mark(text, &hits)),
            "Mỗi «đa\u{309}ng» «viên» phải gương mẫu"
        );
    }

    #[test]
    fn snippet_centres_on_the_densest_match() {
        let hits = Hits::of(&["chuyen", "doi", "so"]);
        let body = format!(
            "{} Đẩy mạnh chuyển đổi số quốc gia. {}",
            "Mở đầu văn bản. ".repeat(20),
            "Kết thúc. ".repeat(30)
        );
        let text = marked_text(&snippet(&["Tóm tắt không liên quan.", &body], &hits));
        assert!(text.starts_with("… "), "{text}");
        assert!(text.contains("«chuyển» «đổi» «số» quốc gia"), "{text}");
        assert!(text.ends_with(" …"), "{text}");
    }
}
