//! `sotay-replica`'s integration tests, one binary (one link instead of one per file).

mod common;
mod library;
mod live;
mod study_live;

mod at_rest;
mod attachments;
mod dues_api;
mod end_to_end;
mod engine;
mod evaluation_api;
mod exchange_api;
mod exchange_export;
mod exchange_qa;
mod exchange_refusals;
mod host;
mod import;
mod import_documents;
mod import_preview;
mod library_api;
mod library_search;
mod local_writes;
mod meetings_api;
mod minutes_export;
mod minutes_files;
mod offline;
mod oversight_api;
mod pin;
mod plain_http;
mod schedule_api;
mod study;
mod task_files;
mod tasks_api;
mod tls;
mod transfers_api;
mod uploads;
