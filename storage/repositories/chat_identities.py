"""Links from chat users (Slack, Teams) to officer accounts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from storage.models import ChatIdentity, User


def get_chat_identity(
    session: Session, channel: str, workspace: str, chat_user: str
) -> ChatIdentity | None:
    return session.scalar(
        select(ChatIdentity)
        .options(joinedload(ChatIdentity.user))
        .where(
            ChatIdentity.channel == channel,
            ChatIdentity.workspace == workspace,
            ChatIdentity.chat_user == chat_user,
        )
    )


def create_chat_identity(
    session: Session, user: User, channel: str, workspace: str, chat_user: str, created_by: str
) -> ChatIdentity:
    link = ChatIdentity(
        user_id=user.id,
        channel=channel,
        workspace=workspace,
        chat_user=chat_user,
        created_by=created_by,
    )
    session.add(link)
    session.flush()
    return link


def delete_chat_identity(session: Session, link: ChatIdentity) -> None:
    session.delete(link)
    session.flush()


def list_chat_identities(session: Session, user: User | None = None) -> list[ChatIdentity]:
    query = select(ChatIdentity).options(joinedload(ChatIdentity.user)).join(ChatIdentity.user)
    if user is not None:
        query = query.where(ChatIdentity.user_id == user.id)
    return list(
        session.scalars(query.order_by(User.email, ChatIdentity.channel, ChatIdentity.chat_user))
    )
