// Package evolution holds bgen's schema evolution tests: one output
// directory built from a spec at three points of its life
// (testdata/v1, v2, v3), the way a user's project is rebuilt in CI, and
// each implemented target's project set up, migrated and served in it.
//
//	go test ./internal/evolution                      every test; PostgreSQL when BGEN_TEST_POSTGRES is set
//	go test ./internal/evolution -short               the fast ones: the history's rules and its goldens
//	go test ./internal/evolution -run Golden -update  rewrite testdata/golden from the specs
//
// TestEvolution, per target and database: build v1, migrate, write rows
// over HTTP; build v2 into the same directory (an entity and a field
// renamed, a field with a default, an optional field, a new entity with a
// many-to-many, a new index, a widened string), migrate, read every row
// under its new names and use the new features; migrate again (nothing
// happens); v3 drops a column: refused without --allow-destructive (the
// directory is left byte for byte as it was), applied with it. After each
// migration, fastapi's SQLAlchemy models and the migrated database agree
// (alembic check). A step that fails on the data (testdata/unique) leaves
// the database as it was, and its error names the step and the statement.
//
// TestGolden holds the migration files of every step of both targets, and
// the history's snapshots, in testdata/golden.
package evolution
