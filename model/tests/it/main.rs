//! `sotay-model`'s integration tests, one binary.

mod wire_replay;
