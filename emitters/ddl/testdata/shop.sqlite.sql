-- up
CREATE TABLE "customers" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "password" TEXT NOT NULL,
    "full_name" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'customer',
    "birthday" TEXT,
    "website" TEXT,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_customers_email" UNIQUE ("email"),
    CONSTRAINT "ck_customers_role" CHECK ("role" IN ('customer', 'staff'))
);

CREATE TABLE "profiles" (
    "id" TEXT NOT NULL,
    "bio" TEXT,
    "preferences" TEXT,
    "newsletter" INTEGER NOT NULL DEFAULT 0,
    "customer_id" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_profiles_customer_id" UNIQUE ("customer_id"),
    CONSTRAINT "fk_profiles_customer_id" FOREIGN KEY ("customer_id") REFERENCES "customers" ("id") ON DELETE CASCADE
);

CREATE TABLE "categories" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "parent_id" INTEGER,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "uq_categories_slug" UNIQUE ("slug"),
    CONSTRAINT "fk_categories_parent_id" FOREIGN KEY ("parent_id") REFERENCES "categories" ("id") ON DELETE SET NULL
);

CREATE INDEX "ix_categories_parent_id" ON "categories" ("parent_id");

CREATE TABLE "products" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "price" TEXT NOT NULL,
    "stock" INTEGER NOT NULL DEFAULT 0,
    "weight" REAL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "attributes" TEXT NOT NULL DEFAULT '{}',
    "released_on" TEXT,
    "external_ref" TEXT,
    "category_id" INTEGER,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_products_sku" UNIQUE ("sku"),
    CONSTRAINT "ck_products_status" CHECK ("status" IN ('active', 'archived')),
    CONSTRAINT "fk_products_category_id" FOREIGN KEY ("category_id") REFERENCES "categories" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_products_category_id" ON "products" ("category_id");

CREATE INDEX "ix_products_category_id_status" ON "products" ("category_id", "status");

CREATE TABLE "labels" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "color" TEXT NOT NULL DEFAULT '#777777',
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "uq_labels_name_color" UNIQUE ("name", "color")
);

CREATE TABLE "orders" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "number" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "total" TEXT NOT NULL DEFAULT '0.00',
    "placed_at" TEXT NOT NULL,
    "note" TEXT,
    "tracking_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "uq_orders_number" UNIQUE ("number"),
    CONSTRAINT "ck_orders_status" CHECK ("status" IN ('open', 'paid', 'shipped', 'cancelled')),
    CONSTRAINT "fk_orders_customer_id" FOREIGN KEY ("customer_id") REFERENCES "customers" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_orders_customer_id" ON "orders" ("customer_id");

CREATE TABLE "product_labels" (
    "product_id" TEXT NOT NULL,
    "label_id" INTEGER NOT NULL,
    PRIMARY KEY ("product_id", "label_id"),
    CONSTRAINT "fk_product_labels_product_id" FOREIGN KEY ("product_id") REFERENCES "products" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_product_labels_label_id" FOREIGN KEY ("label_id") REFERENCES "labels" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_product_labels_label_id" ON "product_labels" ("label_id");

-- down
DROP TABLE IF EXISTS "product_labels";

DROP TABLE IF EXISTS "orders";

DROP TABLE IF EXISTS "labels";

DROP TABLE IF EXISTS "products";

DROP TABLE IF EXISTS "categories";

DROP TABLE IF EXISTS "profiles";

DROP TABLE IF EXISTS "customers";
