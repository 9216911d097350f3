-- up
CREATE TABLE "users" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "password" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'member',
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "uq_users_email" UNIQUE ("email"),
    CONSTRAINT "ck_users_role" CHECK ("role" IN ('member', 'admin'))
);

CREATE TABLE "posts" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "views" INTEGER NOT NULL DEFAULT 0,
    "slug" TEXT NOT NULL,
    "summary" TEXT,
    "author_id" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "uq_posts_slug" UNIQUE ("slug"),
    CONSTRAINT "ck_posts_status" CHECK ("status" IN ('draft', 'published')),
    CONSTRAINT "fk_posts_author_id" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_posts_author_id" ON "posts" ("author_id");

CREATE INDEX "ix_posts_author_id_status" ON "posts" ("author_id", "status");

CREATE TABLE "tags" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "uq_tags_name" UNIQUE ("name")
);

CREATE TABLE "posts_tags" (
    "post_id" INTEGER NOT NULL,
    "tag_id" INTEGER NOT NULL,
    PRIMARY KEY ("post_id", "tag_id"),
    CONSTRAINT "fk_posts_tags_post_id" FOREIGN KEY ("post_id") REFERENCES "posts" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_posts_tags_tag_id" FOREIGN KEY ("tag_id") REFERENCES "tags" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_posts_tags_tag_id" ON "posts_tags" ("tag_id");

-- down
DROP TABLE IF EXISTS "posts_tags";

DROP TABLE IF EXISTS "tags";

DROP TABLE IF EXISTS "posts";

DROP TABLE IF EXISTS "users";
