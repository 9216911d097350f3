-- 0002_schema: Drop column articles.views; rename table articles to posts; rename column posts.title to headline; alter column posts.headline; and 4 more.
ALTER TABLE "articles" DROP CONSTRAINT "ck_articles_status";

ALTER TABLE "articles" DROP COLUMN "views";

ALTER TABLE "articles" RENAME TO "posts";

ALTER TABLE "posts" RENAME CONSTRAINT "articles_pkey" TO "posts_pkey";

ALTER SEQUENCE "articles_id_seq" RENAME TO "posts_id_seq";

ALTER TABLE "articles_tags" RENAME TO "posts_tags";

ALTER TABLE "posts_tags" RENAME CONSTRAINT "articles_tags_pkey" TO "posts_tags_pkey";

ALTER TABLE "posts" RENAME COLUMN "title" TO "headline";

ALTER TABLE "posts_tags" RENAME COLUMN "article_id" TO "post_id";

ALTER TABLE "posts" RENAME CONSTRAINT "fk_articles_author_id" TO "fk_posts_author_id";

ALTER TABLE "posts" RENAME CONSTRAINT "uq_articles_slug" TO "uq_posts_slug";

ALTER INDEX "ix_articles_author_id" RENAME TO "ix_posts_author_id";

ALTER INDEX "ix_articles_author_id_status" RENAME TO "ix_posts_author_id_status";

ALTER TABLE "posts_tags" RENAME CONSTRAINT "fk_articles_tags_article_id" TO "fk_posts_tags_post_id";

ALTER TABLE "posts_tags" RENAME CONSTRAINT "fk_articles_tags_tag_id" TO "fk_posts_tags_tag_id";

ALTER INDEX "ix_articles_tags_tag_id" RENAME TO "ix_posts_tags_tag_id";

ALTER TABLE "posts" ALTER COLUMN "headline" TYPE varchar(300);

ALTER TABLE "posts" ADD COLUMN "subtitle" varchar(255);

ALTER TABLE "posts" ADD COLUMN "rating" bigint NOT NULL DEFAULT 5;

ALTER TABLE "posts" ALTER COLUMN "summary" SET DEFAULT 'none';

UPDATE "posts" SET "summary" = 'none' WHERE "summary" IS NULL;

ALTER TABLE "posts" ALTER COLUMN "summary" SET NOT NULL;

ALTER TABLE "posts" ALTER COLUMN "price" TYPE numeric(10,3);

ALTER TABLE "posts" ADD CONSTRAINT "ck_posts_status" CHECK ("status" IN ('draft', 'published', 'archived'));
