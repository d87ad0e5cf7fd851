"""The review workflow as data: states, actions, the table of allowed moves and who may make them.

    draft ─submit→ in_review ─approve→ approved ─publish→ published
                   in_review ─request_changes→ changes_requested ─submit→ in_review
    edit: draft→draft, changes_requested→changes_requested, in_review→draft, approved→draft
    withdraw: any state but withdrawn → withdrawn (final)
"""

from __future__ import annotations

from enum import Enum

from studio.errors import StudioError
from studio.workflow.models import Role, State


class Action(str, Enum):
    edit = "edit"
    submit = "submit"
    approve = "approve"
    request_changes = "request_changes"
    publish = "publish"
    withdraw = "withdraw"


S = State
TRANSITIONS: dict[Action, dict[State, State]] = {
    Action.edit: {S.draft: S.draft, S.changes_requested: S.changes_requested, S.in_review: S.draft,
                  S.approved: S.draft},
    Action.submit: {S.draft: S.in_review, S.changes_requested: S.in_review},
    Action.approve: {S.in_review: S.approved},
    Action.request_changes: {S.in_review: S.changes_requested},
    Action.publish: {S.approved: S.published},
    Action.withdraw: {s: S.withdrawn for s in State if s is not S.withdrawn},
}

# who may take each action (any one of the roles); the author and four-eyes rules come on top
ACTION_ROLES: dict[Action, tuple[str, ...]] = {
    Action.edit: (Role.officer.value,),
    Action.submit: (Role.officer.value,),
    Action.approve: (Role.reviewer.value,),
    Action.request_changes: (Role.reviewer.value,),
    Action.publish: (Role.officer.value, Role.reviewer.value),
    Action.withdraw: (Role.officer.value, Role.reviewer.value, Role.admin.value),
}

# states in which the current version may still be checked, commented on or have warnings accepted
OPEN_STATES = frozenset({S.draft, S.in_review, S.changes_requested, S.approved})

STATE_NAMES = {
    "vi": {S.draft: "bản nháp", S.in_review: "đang chờ duyệt", S.changes_requested: "cần chỉnh sửa",
           S.approved: "đã duyệt", S.published: "đã đăng", S.withdrawn: "đã rút"},
    "en": {S.draft: "draft", S.in_review: "in review", S.changes_requested: "changes requested",
           S.approved: "approved", S.published: "published", S.withdrawn: "withdrawn"},
}
ACTION_NAMES = {
    "vi": {"edit": "sửa", "submit": "gửi duyệt", "approve": "phê duyệt", "request_changes": "yêu cầu chỉnh sửa",
           "publish": "đăng", "withdraw": "rút", "check": "kiểm tra an toàn", "accept_warning": "chấp nhận cảnh báo",
           "comment": "góp ý", "export": "xuất gói"},
    "en": {"edit": "edit", "submit": "submit", "approve": "approve", "request_changes": "request changes",
           "publish": "publish", "withdraw": "withdraw", "check": "run the safety check on",
           "accept_warning": "accept a warning on", "comment": "comment on", "export": "export"},
}


def state_error(item_id: int, action: str, state: str) -> StudioError:
    state = State(state)
    return StudioError("action_not_allowed", item_id=item_id, action=ACTION_NAMES["en"][action],
                       action_vi=ACTION_NAMES["vi"][action], state=STATE_NAMES["en"][state],
                       state_vi=STATE_NAMES["vi"][state], code_state=state.value)


def next_state(item_id: int, action: Action, state: str) -> State:
    """The state after `action`, or a StudioError naming the action and the current state."""
    target = TRANSITIONS[action].get(State(state))
    if target is None:
        raise state_error(item_id, action.value, state)
    return target


def require_open(item_id: int, action: str, state: str) -> None:
    if State(state) not in OPEN_STATES:
        raise state_error(item_id, action, state)
