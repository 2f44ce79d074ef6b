//! Record access, decided once for every server function that reads or changes a case record:
//! in the reader's worklists, or opened in this session with a reason (break-glass).

use super::{Ctx, SessionInfo};
use crate::error::AppError;
use domain::audit::RecordKind;

pub enum Access {
    /// Through an open contact assigned to the user or their team.
    Worklist,
    /// Outside the worklists, with the reason given earlier in this session.
    Reason(String),
    /// Neither: a reason must be given before anything is shown or changed.
    NeedsReason,
}

pub async fn access(ctx: &Ctx, s: &SessionInfo, kind: RecordKind, id: &str) -> Result<Access, AppError> {
    let store = &ctx.state.store;
    if store.record_in_worklists(&s.user.id, kind, id).await.map_err(|e| ctx.internal(e))? {
        return Ok(Access::Worklist);
    }
    Ok(match store.access_grant(&s.token_hash, kind, id).await.map_err(|e| ctx.internal(e))? {
        Some(reason) => Access::Reason(reason),
        None => Access::NeedsReason,
    })
}

/// For reads and changes that follow opening the record: in the reader's worklists (`None`),
/// or opened with a reason this session (that reason, for the audit entry). Otherwise 403: the
/// record page asks for the reason first, and nothing is sent or changed before it.
pub async fn require(ctx: &Ctx, s: &SessionInfo, kind: RecordKind, id: &str) -> Result<Option<String>, AppError> {
    match access(ctx, s, kind, id).await? {
        Access::Worklist => Ok(None),
        Access::Reason(r) => Ok(Some(r)),
        Access::NeedsReason => Err(AppError::Forbidden),
    }
}
