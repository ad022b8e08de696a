//! Information exchange on this device (issue 16). Placeholder handlers: each answers
//! that the feature is not built yet, until the real ones land.

use crate::calls::{Cx, Local};
use sotay_model::api::{ApiError, Call};
use sotay_model::exchange::requests::*;

fn not_yet() -> ApiError {
    crate::error::invalid("Chức năng trao đổi thông tin chưa có trên thiết bị này")
}

impl Local for CreateAnnouncement {
    fn local(self, _cx: &mut Cx<'_>) -> Result<<Self as Call>::Answer, ApiError> {
        Err(not_yet())
    }
}

impl Local for ListAnnouncements {
    fn local(self, _cx: &mut Cx<'_>) -> Result<<Self as Call>::Answer, ApiError> {
        Err(not_yet())
    }
}

impl Local for MarkAnnouncementRead {
    fn local(self, _cx: &mut Cx<'_>) -> Result<<Self as Call>::Answer, ApiError> {
        Err(not_yet())
    }
}

impl Local for GetAnnouncementReads {
    fn local(self, _cx: &mut Cx<'_>) -> Result<<Self as Call>::Answer, ApiError> {
        Err(not_yet())
    }
}

impl Local for RemindAnnouncement {
    fn local(self, _cx: &mut Cx<'_>) -> Result<<Self as Call>::Answer, ApiError> {
        Err(not_yet())
    }
}

impl Local for AddComment {
    fn local(self, _cx: &mut Cx<'_>) -> Result<<Self as Call>::Answer, ApiError> {
        Err(not_yet())
    }
}

impl Local for EditComment {
    fn local(self, _cx: &mut Cx<'_>) -> Result<<Self as Call>::Answer, ApiError> {
        Err(not_yet())
    }
}

impl Local for WithdrawComment {
    fn local(self, _cx: &mut Cx<'_>) -> Result<<Self as Call>::Answer, ApiError> {
        Err(not_yet())
    }
}

impl Local for HideComment {
    fn local(self, _cx: &mut Cx<'_>) -> Result<<Self as Call>::Answer, ApiError> {
        Err(not_yet())
    }
}

impl Local for ListComments {
    fn local(self, _cx: &mut Cx<'_>) -> Result<<Self as Call>::Answer, ApiError> {
        Err(not_yet())
    }
}

impl Local for AskQuestion {
    fn local(self, _cx: &mut Cx<'_>) -> Result<<Self as Call>::Answer, ApiError> {
        Err(not_yet())
    }
}

impl Local for AnswerQuestion {
    fn local(self, _cx: &mut Cx<'_>) -> Result<<Self as Call>::Answer, ApiError> {
        Err(not_yet())
    }
}

impl Local for PublishFaq {
    fn local(self, _cx: &mut Cx<'_>) -> Result<<Self as Call>::Answer, ApiError> {
        Err(not_yet())
    }
}

impl Local for UnpublishFaq {
    fn local(self, _cx: &mut Cx<'_>) -> Result<<Self as Call>::Answer, ApiError> {
        Err(not_yet())
    }
}

impl Local for ListQuestions {
    fn local(self, _cx: &mut Cx<'_>) -> Result<<Self as Call>::Answer, ApiError> {
        Err(not_yet())
    }
}

impl Local for SearchFaq {
    fn local(self, _cx: &mut Cx<'_>) -> Result<<Self as Call>::Answer, ApiError> {
        Err(not_yet())
    }
}

impl Local for OpenDraft {
    fn local(self, _cx: &mut Cx<'_>) -> Result<<Self as Call>::Answer, ApiError> {
        Err(not_yet())
    }
}

impl Local for ListDrafts {
    fn local(self, _cx: &mut Cx<'_>) -> Result<<Self as Call>::Answer, ApiError> {
        Err(not_yet())
    }
}

impl Local for GetDraft {
    fn local(self, _cx: &mut Cx<'_>) -> Result<<Self as Call>::Answer, ApiError> {
        Err(not_yet())
    }
}

impl Local for GiveOpinion {
    fn local(self, _cx: &mut Cx<'_>) -> Result<<Self as Call>::Answer, ApiError> {
        Err(not_yet())
    }
}

impl Local for ExportOpinions {
    fn local(self, _cx: &mut Cx<'_>) -> Result<<Self as Call>::Answer, ApiError> {
        Err(not_yet())
    }
}

impl Local for ExchangeNotices {
    fn local(self, _cx: &mut Cx<'_>) -> Result<<Self as Call>::Answer, ApiError> {
        Err(not_yet())
    }
}
