"""Hand-written FastAPI baseline for bgen's load benchmark (no bgen code).

The blog's three hot routes, written the way a developer would by hand with
FastAPI, SQLAlchemy 2 (async), aiosqlite and pydantic, on the same tables and
data the generated server uses (the schema comes from bgen's migration; this
app only maps it):

    GET  /api/posts/{id}
    GET  /api/posts?limit=20&offset=0   (newest first, with the total count)
    POST /api/tags                      (bearer token, {"name": ...})
    POST /api/auth/login                ({"email", "password"} -> token)

Run: DATABASE_URL=sqlite:////abs/blog.db JWT_SECRET=... \
     uvicorn baseline:app --workers 2 --no-access-log
"""

import os
from datetime import datetime, timedelta, timezone
from typing import Annotated, AsyncIterator

import bcrypt
import jwt
from fastapi import Depends, FastAPI, HTTPException, Query
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel
from sqlalchemy import BigInteger, String, Text, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DATABASE_URL = os.environ["DATABASE_URL"].replace("sqlite:", "sqlite+aiosqlite:", 1)
JWT_SECRET = os.environ["JWT_SECRET"]

engine = create_async_engine(DATABASE_URL, connect_args={"timeout": 30})
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    email: Mapped[str] = mapped_column(String)
    password: Mapped[str] = mapped_column(String)
    role: Mapped[str] = mapped_column(String)


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    title: Mapped[str] = mapped_column(String)
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String)
    views: Mapped[int] = mapped_column(BigInteger)
    slug: Mapped[str] = mapped_column(String)
    summary: Mapped[str | None] = mapped_column(String)
    author_id: Mapped[int] = mapped_column(BigInteger)
    # Stored as ISO-8601 text ("2026-01-02T03:04:05.678Z"); served as-is.
    created_at: Mapped[str] = mapped_column(String)
    updated_at: Mapped[str] = mapped_column(String)


class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String)
    created_at: Mapped[str] = mapped_column(String)
    updated_at: Mapped[str] = mapped_column(String)


class Schema(BaseModel):
    model_config = ConfigDict(
        from_attributes=True, alias_generator=to_camel, populate_by_name=True
    )


class PostOut(Schema):
    id: int
    title: str
    body: str
    status: str
    views: int
    slug: str
    summary: str | None
    author_id: int
    created_at: str
    updated_at: str


class PostPage(Schema):
    items: list[PostOut]
    total: int
    limit: int
    offset: int


class TagIn(BaseModel):
    name: str = Field(min_length=1, max_length=50, pattern=r"^[a-z0-9-]+$")


class TagOut(Schema):
    id: int
    name: str
    created_at: str
    updated_at: str


class LoginIn(BaseModel):
    email: str
    password: str


class TokenOut(Schema):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


async def get_session() -> AsyncIterator[AsyncSession]:
    async with SessionLocal() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]
bearer = HTTPBearer(auto_error=False)


async def current_user(
    session: SessionDep,
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    if creds is None:
        raise HTTPException(401, "not authenticated")
    try:
        claims = jwt.decode(creds.credentials, JWT_SECRET, algorithms=["HS256"])
        user = await session.get(User, int(claims["sub"]))
    except (jwt.PyJWTError, KeyError, ValueError):
        raise HTTPException(401, "invalid token") from None
    if user is None:
        raise HTTPException(401, "invalid token")
    return user


def now_text() -> str:
    now = datetime.now(timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


app = FastAPI(title="Blog baseline", docs_url=None, redoc_url=None, openapi_url=None)


@app.post("/api/auth/login", response_model=TokenOut)
async def login(body: LoginIn, session: SessionDep) -> TokenOut:
    user = await session.scalar(select(User).where(User.email == body.email))
    if user is None or not bcrypt.checkpw(body.password.encode(), user.password.encode()):
        raise HTTPException(401, "invalid credentials")
    ttl = 86400
    exp = datetime.now(timezone.utc) + timedelta(seconds=ttl)
    token = jwt.encode({"sub": str(user.id), "exp": exp}, JWT_SECRET, algorithm="HS256")
    return TokenOut(access_token=token, expires_in=ttl)


@app.get("/api/posts", response_model=PostPage)
async def list_posts(
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> PostPage:
    total = await session.scalar(select(func.count()).select_from(Post))
    rows = await session.scalars(
        select(Post).order_by(Post.created_at.desc(), Post.id).limit(limit).offset(offset)
    )
    return PostPage(
        items=[PostOut.model_validate(r) for r in rows],
        total=total or 0,
        limit=limit,
        offset=offset,
    )


@app.get("/api/posts/{post_id}", response_model=PostOut)
async def get_post(post_id: int, session: SessionDep) -> Post:
    post = await session.get(Post, post_id)
    if post is None:
        raise HTTPException(404, "post not found")
    return post


@app.post("/api/tags", response_model=TagOut, status_code=201)
async def create_tag(
    body: TagIn, session: SessionDep, _: Annotated[User, Depends(current_user)]
) -> Tag:
    now = now_text()
    tag = Tag(name=body.name, created_at=now, updated_at=now)
    session.add(tag)
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        raise HTTPException(409, "tag name already exists") from None
    return tag
