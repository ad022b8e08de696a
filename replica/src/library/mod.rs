//! The library on this device (issue 5): documents and their Vietnamese full-text
//! `search`, attachment files as content-addressed `blobs`, and `study` marks, notes
//! and assignments. Each request's handler sits next to the code it calls.

pub mod blobs;
pub mod documents;
pub mod search;
pub mod study;
