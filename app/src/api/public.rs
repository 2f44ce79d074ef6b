//! Administering the public site's content: the information pages (edited with a preview before
//! they are published) and the service contacts (phone numbers, opening hours, e-mail addresses)
//! that the pages and the online form show. Administrators only. Each save bumps the version,
//! refuses a stale copy, keeps every published page version, and is audited.

use crate::error::AppError;
use crate::pages::public::content::Block;
use domain::FieldError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PageSummary {
    pub slug: String,
    pub title: String,
    pub version: i64,
    pub updated_by: String,
    pub updated: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactSetting {
    pub key: String,
    pub label: String,
    pub value: String,
    pub hint: String,
    pub version: i64,
    pub updated_by: String,
    pub updated: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicContentView {
    pub pages: Vec<PageSummary>,
    pub contacts: Vec<ContactSetting>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PageEdit {
    pub slug: String,
    pub title: String,
    pub body: String,
    pub version: i64,
    pub contact_keys: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PreviewOutcome {
    Preview { title: String, blocks: Vec<Block>, contacts: BTreeMap<String, String> },
    Invalid { errors: Vec<FieldError> },
}

/// Where a contact shows on the public pages: the page and its blocks that name it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactPlace {
    pub slug: String,
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ContactPreviewOutcome {
    /// The contact as it would show: every page's blocks that name it, rendered with the new
    /// value (`contacts` holds it in place of the published one).
    Preview { key: String, value: String, places: Vec<ContactPlace>, contacts: BTreeMap<String, String> },
    Invalid { errors: Vec<FieldError> },
}

/// The draft of an administrator's edit of a public page (one per page and administrator).
pub fn page_draft_key(slug: &str) -> String {
    format!("public_page:{slug}")
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ContentSaveOutcome {
    Saved { version: i64 },
    Invalid { errors: Vec<FieldError> },
    /// Someone saved a newer version since this copy was loaded.
    Stale { current: i64 },
}

pub const MAX_CONTACT_CHARS: usize = 200;

/// Checks a page's title and body; the body's problems name their lines.
pub fn check_page(title: &str, body: &str, contact_keys: &[String]) -> Result<Vec<Block>, Vec<FieldError>> {
    use crate::pages::public::content::{parse, MAX_BODY_CHARS, MAX_TITLE_CHARS};
    let mut errors = Vec::new();
    let t = title.trim();
    if t.is_empty() {
        errors.push(FieldError::new("title", "Enter a title"));
    } else if t.chars().count() > MAX_TITLE_CHARS {
        errors.push(FieldError::new("title", format!("Title must be {MAX_TITLE_CHARS} characters or fewer")));
    }
    let n = body.chars().count();
    let blocks = if n > MAX_BODY_CHARS {
        errors.push(FieldError::new("body", format!("The page must be {MAX_BODY_CHARS} characters or fewer (it has {n})")));
        Vec::new()
    } else {
        match parse(body, contact_keys) {
            Ok(b) => b,
            Err(problems) => {
                errors.extend(problems.into_iter().map(|p| FieldError::new("body", p.to_string())));
                Vec::new()
            }
        }
    };
    if errors.is_empty() {
        Ok(blocks)
    } else {
        Err(errors)
    }
}

pub fn check_contact(value: &str) -> Vec<FieldError> {
    let v = value.trim();
    if v.is_empty() {
        vec![FieldError::new("value", "Enter a value")]
    } else if v.chars().count() > MAX_CONTACT_CHARS || v.contains('\n') {
        vec![FieldError::new("value", format!("Enter one line of {MAX_CONTACT_CHARS} characters or fewer"))]
    } else {
        Vec::new()
    }
}

/// Writes the defaults the first time (the public site does the same on its first request).
#[cfg(feature = "ssr")]
async fn ensure_defaults(ctx: &crate::ssr::Ctx) -> Result<(), AppError> {
    use crate::pages::public::defaults::{CONTACTS, PAGES};
    let store = &ctx.state.store;
    let now = ctx.now();
    let contacts: Vec<storage::DefaultContact> = CONTACTS
        .iter()
        .enumerate()
        .map(|(i, (key, label, value, hint))| storage::DefaultContact { key, label, value, hint, position: i64::try_from(i).unwrap_or(0) })
        .collect();
    store.insert_service_contacts_if_missing(&contacts, now).await.map_err(|e| ctx.internal(e))?;
    for p in PAGES {
        store.insert_public_page_if_missing(p.slug, p.title, p.body, now).await.map_err(|e| ctx.internal(e))?;
    }
    Ok(())
}

#[cfg(feature = "ssr")]
async fn contact_map(ctx: &crate::ssr::Ctx) -> Result<BTreeMap<String, String>, AppError> {
    Ok(ctx.state.store.service_contacts().await.map_err(|e| ctx.internal(e))?.into_iter().map(|c| (c.key, c.value)).collect())
}

#[server(prefix = "/api", endpoint = "public/content")]
pub async fn public_content() -> Result<PublicContentView, AppError> {
    use crate::ssr::{respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.require_admin()?;
            ensure_defaults(&ctx).await?;
            let store = &ctx.state.store;
            let pages = store
                .public_pages()
                .await
                .map_err(|e| ctx.internal(e))?
                .into_iter()
                .map(|p| PageSummary { slug: p.slug, title: p.title, version: p.version, updated_by: p.updated_by, updated: domain::display::date_time(p.updated_at) })
                .collect();
            let contacts = store
                .service_contacts()
                .await
                .map_err(|e| ctx.internal(e))?
                .into_iter()
                .map(|c| ContactSetting {
                    key: c.key,
                    label: c.label,
                    value: c.value,
                    hint: c.hint,
                    version: c.version,
                    updated_by: c.updated_by,
                    updated: domain::display::date_time(c.updated_at),
                })
                .collect();
            Ok(PublicContentView { pages, contacts })
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "public/page")]
pub async fn public_page_for_edit(slug: String) -> Result<PageEdit, AppError> {
    use crate::ssr::{respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.require_admin()?;
            ensure_defaults(&ctx).await?;
            let p = ctx.state.store.public_page(&slug).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
            Ok(PageEdit { slug: p.slug, title: p.title, body: p.body, version: p.version, contact_keys: crate::pages::public::defaults::contact_keys() })
        }
        .await,
    )
}

/// The page as it would look, rendered from the submitted text (nothing is saved).
#[server(prefix = "/api", endpoint = "public/preview_page")]
pub async fn preview_public_page(slug: String, title: String, body: String) -> Result<PreviewOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.require_admin()?;
            if crate::pages::public::defaults::page(&slug).is_none() {
                return Err(AppError::NotFound);
            }
            ensure_defaults(&ctx).await?;
            match check_page(&title, &body, &crate::pages::public::defaults::contact_keys()) {
                Ok(blocks) => Ok(PreviewOutcome::Preview { title: title.trim().to_string(), blocks, contacts: contact_map(&ctx).await? }),
                Err(errors) => Ok(PreviewOutcome::Invalid { errors }),
            }
        }
        .await,
    )
}

/// A contact as it would look on the public pages, with the new value (nothing is saved).
#[server(prefix = "/api", endpoint = "public/preview_contact")]
pub async fn preview_service_contact(key: String, value: String) -> Result<ContactPreviewOutcome, AppError> {
    use crate::pages::public::content::{mentions, parse};
    use crate::pages::public::defaults::contact_keys;
    use crate::ssr::{respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.require_admin()?;
            let keys = contact_keys();
            if !keys.contains(&key) {
                return Err(AppError::NotFound);
            }
            ensure_defaults(&ctx).await?;
            let errors = check_contact(&value);
            if !errors.is_empty() {
                return Ok(ContactPreviewOutcome::Invalid { errors });
            }
            let value = value.trim().to_string();
            let mut contacts = contact_map(&ctx).await?;
            contacts.insert(key.clone(), value.clone());
            let places = ctx
                .state
                .store
                .public_pages()
                .await
                .map_err(|e| ctx.internal(e))?
                .into_iter()
                .filter_map(|p| {
                    let blocks: Vec<Block> = parse(&p.body, &keys).ok()?.into_iter().filter(|b| mentions(b, &key)).collect();
                    (!blocks.is_empty()).then_some(ContactPlace { slug: p.slug, title: p.title, blocks })
                })
                .collect();
            Ok(ContactPreviewOutcome::Preview { key, value, places, contacts })
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "public/save_page")]
pub async fn save_public_page(slug: String, title: String, body: String, version: i64) -> Result<ContentSaveOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use storage::VersionedSave;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let admin = ctx.require_admin()?.clone();
            if crate::pages::public::defaults::page(&slug).is_none() {
                return Err(AppError::NotFound);
            }
            if let Err(errors) = check_page(&title, &body, &crate::pages::public::defaults::contact_keys()) {
                return Ok(ContentSaveOutcome::Invalid { errors });
            }
            let body = body.replace("\r\n", "\n");
            match ctx.state.store.save_public_page(&slug, title.trim(), &body, version, &admin.user.username, ctx.now()).await.map_err(|e| ctx.internal(e))? {
                VersionedSave::Saved { version } => {
                    // Published, so the administrator's draft of it is done with.
                    crate::api::drafts::clear(&ctx, &admin.user.id, &page_draft_key(&slug)).await?;
                    // Audited against the administrator who published it, naming the page and
                    // version (the audit vocabulary has no record kind for public content yet).
                    ctx.audit(AuditAction::Update, RecordKind::PublicContent, &format!("page:{slug}"), &format!("Published public page “{slug}” version {version}"), None).await?;
                    Ok(ContentSaveOutcome::Saved { version })
                }
                VersionedSave::Stale { current } => Ok(ContentSaveOutcome::Stale { current }),
                VersionedSave::NotFound => Err(AppError::NotFound),
            }
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "public/save_contact")]
pub async fn save_service_contact(key: String, value: String, version: i64) -> Result<ContentSaveOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use storage::VersionedSave;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let admin = ctx.require_admin()?.clone();
            let errors = check_contact(&value);
            if !errors.is_empty() {
                return Ok(ContentSaveOutcome::Invalid { errors });
            }
            match ctx.state.store.save_service_contact(&key, value.trim(), version, &admin.user.username, ctx.now()).await.map_err(|e| ctx.internal(e))? {
                VersionedSave::Saved { version } => {
                    ctx.audit(AuditAction::Update, RecordKind::PublicContent, &format!("contact:{key}"), &format!("Changed service contact “{key}” to “{}” (version {version})", value.trim()), None)
                        .await?;
                    Ok(ContentSaveOutcome::Saved { version })
                }
                VersionedSave::Stale { current } => Ok(ContentSaveOutcome::Stale { current }),
                VersionedSave::NotFound => Err(AppError::NotFound),
            }
        }
        .await,
    )
}
