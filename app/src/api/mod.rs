//! Server functions: the only way the browser reaches the server's data. Each has a fixed
//! endpoint under `/api/` (tests and integrations call them by URL), checks the caller's role
//! and record access on the server, and audits reads and changes of case records.

pub mod admin;
pub mod auth;
pub mod calls;
pub mod chronology;
pub mod consent;
pub mod decisions;
pub mod drafts;
pub mod early_help;
pub mod exports;
pub mod find;
pub mod home;
pub mod inbox;
pub mod information_requests;
pub mod letters;
pub mod mash_notifications;
pub mod missing;
pub mod notes;
pub mod people;
pub mod performance;
pub mod public;
pub mod records;
pub mod rules;
pub mod session;
pub mod worklists;
pub mod workflow;
