-- 0002_schema: Drop column articles.views; rename table articles to posts; rename column posts.title to headline; alter column posts.headline; and 4 more.
ALTER TABLE "articles" RENAME TO "posts";

ALTER TABLE "articles_tags" RENAME TO "posts_tags";

ALTER TABLE "posts" RENAME COLUMN "title" TO "headline";

ALTER TABLE "posts_tags" RENAME COLUMN "article_id" TO "post_id";

DROP INDEX "ix_articles_tags_tag_id";

CREATE INDEX "ix_posts_tags_tag_id" ON "posts_tags" ("tag_id");

CREATE TABLE "_bgen_tmp_posts" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "headline" TEXT NOT NULL,
    "subtitle" TEXT,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "rating" INTEGER NOT NULL DEFAULT 5,
    "slug" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT 'none',
    "price" TEXT,
    "author_id" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "uq_posts_slug" UNIQUE ("slug"),
    CONSTRAINT "ck_posts_status" CHECK ("status" IN ('draft', 'published', 'archived')),
    CONSTRAINT "fk_posts_author_id" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

INSERT INTO "_bgen_tmp_posts" ("id", "headline", "status", "slug", "summary", "price", "author_id", "created_at", "updated_at") SELECT "id", "headline", "status", "slug", COALESCE("summary", 'none'), "price" || '0', "author_id", "created_at", "updated_at" FROM "posts";

DELETE FROM "sqlite_sequence" WHERE "name" = '_bgen_tmp_posts';

INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_bgen_tmp_posts', "seq" FROM "sqlite_sequence" WHERE "name" = 'posts';

DROP TABLE "posts";

ALTER TABLE "_bgen_tmp_posts" RENAME TO "posts";

CREATE INDEX "ix_posts_author_id" ON "posts" ("author_id");

CREATE INDEX "ix_posts_author_id_status" ON "posts" ("author_id", "status");
