//! One module per page (or family of pages). Pages fetch through the server functions in
//! `crate::api` and render with the components in `crate::components`.

pub mod access_history;
pub mod admin_content;
pub mod admin_letters;
pub mod admin_rules;
pub mod admin_teams;
pub mod admin_users;
pub mod call;
pub mod chronology;
pub mod communications;
pub mod early_help;
pub mod exports;
pub mod home;
pub mod inbox;
pub mod inbox_item;
pub mod information_requests;
pub mod mash_log;
pub mod not_found;
pub mod password;
pub mod performance;
pub mod public;
pub mod public_home;
pub mod record;
pub mod rules;
pub mod search;
pub mod sign_in;
pub mod worklists;
