//! HTTP-level integration tests: the real router, middleware and server functions, called by
//! their fixed URLs as the browser and integrations call them. One binary (link time matters on
//! two cores); the same tests run on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.

mod admin;
mod auth;
mod early_help;
mod exports;
mod find;
mod live;
mod mash_notifications;
mod missing_children;
mod inbox_mail;
mod information_requests;
mod notes_letters;
mod people;
mod performance;
mod public;
mod records;
mod rules;
mod session_clock;
mod support;
mod workflow;
