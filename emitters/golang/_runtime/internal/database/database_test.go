package database

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

const (
	insertNote = `INSERT INTO "notes" ("body") VALUES (?)`
	countNotes = `SELECT COUNT(*) FROM "notes"`
)

func openSQLite(t *testing.T) *DB {
	t.Helper()
	db, err := Open("sqlite:///" + filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if _, err := db.Exec(`CREATE TABLE "notes" ("id" INTEGER PRIMARY KEY, "body" TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	return db
}

func count(ctx context.Context, t *testing.T, db *DB) int {
	t.Helper()
	var n int
	err := db.Read(ctx, func(tx *Tx) error { return tx.QueryRow(ctx, countNotes).Scan(&n) })
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSQLiteWAL(t *testing.T) {
	db := openSQLite(t)
	var mode string
	if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v; want wal", mode, err)
	}
}

// A read runs beside an open write transaction and sees only committed rows.
func TestSQLiteReadBesideWrite(t *testing.T) {
	db := openSQLite(t)
	ctx := context.Background()
	inserted, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	// The write ends whatever happens below, so that closing db never
	// waits for it.
	var once sync.Once
	finish := func() { once.Do(func() { close(release) }) }
	defer finish()
	go func() {
		done <- db.InTx(ctx, func(tx *Tx) error {
			if _, err := tx.Exec(ctx, insertNote, "pending"); err != nil {
				return err
			}
			close(inserted)
			<-release
			return nil
		})
	}()
	select {
	case <-inserted:
	case err := <-done:
		t.Fatalf("the write transaction ended before its insert: %v", err)
	}
	readCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if n := count(readCtx, t, db); n != 0 {
		t.Errorf("a read saw %d uncommitted rows", n)
	}
	finish()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := count(ctx, t, db); n != 1 {
		t.Errorf("after commit a read sees %d rows, want 1", n)
	}
}

func TestSQLiteReadCannotWrite(t *testing.T) {
	db := openSQLite(t)
	ctx := context.Background()
	err := db.Read(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, insertNote, "x")
		return err
	})
	if err == nil {
		t.Fatal("a write inside Read succeeded")
	}
}

func TestSQLiteStatementCache(t *testing.T) {
	db := openSQLite(t)
	ctx := context.Background()
	count(ctx, t, db)
	count(ctx, t, db)
	if n := db.readStmts.n.Load(); n != 1 {
		t.Errorf("read statements cached: %d, want 1", n)
	}
	// A transaction's first use of a query runs it unprepared and caches
	// it once the connection is free; later transactions use the cache.
	for i := range 2 {
		if err := db.InTx(ctx, func(tx *Tx) error {
			_, err := tx.Exec(ctx, insertNote, "row")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if db.stmts.get(insertNote) == nil {
			t.Fatalf("transaction %d: the insert is not cached", i)
		}
	}
	if n := count(ctx, t, db); n != 2 {
		t.Errorf("rows = %d, want 2", n)
	}
	// A failed transaction leaves nothing behind, cached statement or not.
	err := db.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, insertNote, "rolled back"); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, insertNote, nil)
		return err
	})
	if err == nil {
		t.Fatal("inserting NULL into a NOT NULL column succeeded")
	}
	if n := count(ctx, t, db); n != 2 {
		t.Errorf("rows after a rollback = %d, want 2", n)
	}
}
