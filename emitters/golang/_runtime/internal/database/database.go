// Package database opens the database named by DATABASE_URL, runs the
// migrations and wraps transactions.
package database

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"path"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // driver "pgx"
	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"bgenapp/migrations"
)

// Dialect is the SQL dialect of a database.
type Dialect int

const (
	// SQLite is the embedded default.
	SQLite Dialect = iota
	// Postgres is PostgreSQL.
	Postgres
)

// String is the dialect's name, as the start-up log line gives it.
func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// DB is an open database. On SQLite it holds two pools on one file in WAL
// mode: the embedded *sql.DB, one connection, for write transactions, so writers
// never meet SQLITE_BUSY on a lock upgrade; and reads, several read-only
// connections that run beside it. On PostgreSQL both are one pool.
type DB struct {
	*sql.DB
	Dialect Dialect
	reads   *sql.DB
	// migrateDSN opens SQLite for Migrate: foreign keys off.
	migrateDSN string
	// stmts and readStmts cache prepared statements by query text, on
	// SQLite only: parsing a statement costs as much as running it, and
	// pgx keeps its own cache on PostgreSQL.
	stmts, readStmts *stmtCache
}

// Open opens url: sqlite:///relative.db, sqlite:////abs/path.db,
// postgres://... or postgresql://...
func Open(url string) (*DB, error) {
	switch {
	case strings.HasPrefix(url, "sqlite:///"):
		path := strings.TrimPrefix(url, "sqlite:///")
		if path == "" {
			return nil, errors.New("DATABASE_URL names no SQLite file")
		}
		dsn := "file:" + path + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)"
		db, err := sql.Open("sqlite", dsn+"&_pragma=journal_mode(WAL)")
		if err != nil {
			return nil, fmt.Errorf("DATABASE_URL: %w", err)
		}
		db.SetMaxOpenConns(1)
		reads, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)")
		if err != nil {
			return nil, fmt.Errorf("DATABASE_URL: %w", err)
		}
		n := max(2, runtime.GOMAXPROCS(0))
		reads.SetMaxOpenConns(n)
		reads.SetMaxIdleConns(n)
		return &DB{
			DB: db, Dialect: SQLite, reads: reads, stmts: &stmtCache{}, readStmts: &stmtCache{},
			migrateDSN: "file:" + path + "?_pragma=foreign_keys(0)&_pragma=busy_timeout(5000)",
		}, nil
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		db, err := sql.Open("pgx", url)
		if err != nil {
			return nil, fmt.Errorf("DATABASE_URL: %w", err)
		}
		return &DB{DB: db, Dialect: Postgres, reads: db}, nil
	}
	return nil, errors.New("DATABASE_URL must start with sqlite:///, postgres:// or postgresql://")
}

// Close closes both pools.
func (db *DB) Close() error {
	err := db.DB.Close()
	if db.reads != db.DB {
		err = errors.Join(err, db.reads.Close())
	}
	return err
}

// Migrate applies every pending migration, each in one transaction: a step
// that fails is rolled back, and the error names it and its statement.
//
// On SQLite the steps run on a connection of their own with foreign keys
// off: a step that rebuilds a table (SQLite's ALTER TABLE procedure)
// needs them off, and SQLite only turns them off outside a transaction.
// Each step after the first checks them before it commits (its last
// statements fail when PRAGMA foreign_key_check finds a row).
func (db *DB) Migrate(ctx context.Context) error {
	dir, dialect, pool := "sqlite", goose.DialectSQLite3, db.DB
	if db.Dialect == Postgres {
		dir, dialect = "postgres", goose.DialectPostgres
	} else {
		conn, err := sql.Open("sqlite", db.migrateDSN)
		if err != nil {
			return fmt.Errorf("DATABASE_URL: %w", err)
		}
		defer conn.Close()
		conn.SetMaxOpenConns(1)
		pool = conn
	}
	sub, err := fs.Sub(migrations.FS, dir)
	if err != nil {
		return err
	}
	last := &lastStatement{}
	p, err := goose.NewProvider(dialect, pool, sub, goose.WithVerbose(true), goose.WithSlog(slog.New(last)))
	if err != nil {
		return err
	}
	_, err = p.Up(ctx)
	var partial *goose.PartialError
	if errors.As(err, &partial) {
		return fmt.Errorf("migration %s failed and was rolled back, at:\n%s\n%w",
			path.Base(partial.Failed.Source.Path), last.statement, partial.Err)
	}
	return err
}

// lastStatement is a slog handler that keeps the statement goose ran
// last (goose logs each before it runs it) and drops everything else.
type lastStatement struct {
	statement string
}

func (h *lastStatement) Enabled(context.Context, slog.Level) bool { return true }

func (h *lastStatement) Handle(_ context.Context, r slog.Record) error {
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "statement" {
			h.statement = a.Value.String()
		}
		return true
	})
	return nil
}

func (h *lastStatement) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *lastStatement) WithGroup(string) slog.Handler      { return h }

// Tx is one transaction: a write transaction (InTx) or a read-only one
// (Read). Its queries use ? placeholders in every dialect.
type Tx struct {
	tx      *sql.Tx
	Dialect Dialect
	// stmts is the statement cache of the transaction's pool (nil on
	// PostgreSQL); missed are the queries it did not hold, prepared once
	// the transaction has given its connection back.
	stmts  *stmtCache
	missed []string
}

// InTx runs fn in one transaction, committed if fn returns nil.
func (db *DB) InTx(ctx context.Context, fn func(*Tx) error) error {
	return run(ctx, db.DB, db.stmts, nil, db.Dialect, fn)
}

// Read runs fn, which must only read, in one read-only transaction, so
// that its queries (a page and its total) see one snapshot. On SQLite it
// uses the read-only pool, so it never waits for a writer.
func (db *DB) Read(ctx context.Context, fn func(*Tx) error) error {
	return run(ctx, db.reads, db.readStmts, &sql.TxOptions{ReadOnly: true}, db.Dialect, fn)
}

func run(ctx context.Context, pool *sql.DB, stmts *stmtCache, opts *sql.TxOptions, dialect Dialect, fn func(*Tx) error) error {
	sqlTx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	tx := &Tx{tx: sqlTx, Dialect: dialect, stmts: stmts}
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	err = sqlTx.Commit()
	for _, query := range tx.missed {
		stmts.prepare(ctx, pool, query)
	}
	return err
}

// Query runs a query returning rows.
func (t *Tx) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := t.stmt(ctx, query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, t.rebind(query), args...)
}

// QueryRow runs a query returning at most one row.
func (t *Tx) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if s := t.stmt(ctx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, t.rebind(query), args...)
}

// Exec runs a statement.
func (t *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s := t.stmt(ctx, query); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, t.rebind(query), args...)
}

// stmt is the cached prepared statement of query, or nil to run query
// unprepared. A miss is only noted: preparing on the pool now could wait
// for the connection this transaction holds.
func (t *Tx) stmt(ctx context.Context, query string) *sql.Stmt {
	if t.stmts == nil {
		return nil
	}
	s := t.stmts.get(query)
	if s == nil {
		t.missed = append(t.missed, query)
		return nil
	}
	return t.tx.StmtContext(ctx, s)
}

// maxStatements bounds the statement cache; list queries vary with their
// filters, and past the bound a query runs unprepared.
const maxStatements = 256

// stmtCache holds prepared statements by query text.
type stmtCache struct {
	m sync.Map // query string -> *sql.Stmt
	n atomic.Int64
}

func (c *stmtCache) get(query string) *sql.Stmt {
	if s, ok := c.m.Load(query); ok {
		return s.(*sql.Stmt)
	}
	return nil
}

// prepare prepares and caches query, or returns nil when the cache is full
// or the statement does not prepare (running it unprepared reports why).
func (c *stmtCache) prepare(ctx context.Context, db *sql.DB, query string) *sql.Stmt {
	if s := c.get(query); s != nil {
		return s
	}
	if c.n.Load() >= maxStatements {
		return nil
	}
	s, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	if prev, loaded := c.m.LoadOrStore(query, s); loaded {
		_ = s.Close()
		return prev.(*sql.Stmt)
	}
	c.n.Add(1)
	return s
}

// ForUpdate is the locking clause that makes a read-modify-write of a row
// safe under concurrent requests: FOR UPDATE on PostgreSQL; SQLite
// serialises writers already.
func (t *Tx) ForUpdate() string {
	if t.Dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// rebind turns ? placeholders into $n for PostgreSQL. Queries never hold a
// literal question mark.
func (t *Tx) rebind(query string) string {
	if t.Dialect != Postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ViolationKind is the kind of a constraint violation.
type ViolationKind int

const (
	// Unique is a unique or primary key violation.
	Unique ViolationKind = iota + 1
	// ForeignKey is a foreign key violation.
	ForeignKey
)

// Violation describes a constraint violation. PostgreSQL names the
// constraint; SQLite names the columns.
type Violation struct {
	Kind       ViolationKind
	Constraint string
	Columns    []string
}

// Classify reports whether err is a constraint violation, and which.
func Classify(err error) (Violation, bool) {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch pg.Code {
		case "23505":
			return Violation{Kind: Unique, Constraint: pg.ConstraintName}, true
		case "23503":
			return Violation{Kind: ForeignKey, Constraint: pg.ConstraintName}, true
		}
		return Violation{}, false
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return Violation{Kind: Unique, Columns: sqliteColumns(se.Error())}, true
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return Violation{Kind: ForeignKey}, true
		}
		// ON DELETE RESTRICT is enforced by a trigger-like check whose
		// extended code is SQLITE_CONSTRAINT_TRIGGER.
		if strings.Contains(se.Error(), "FOREIGN KEY constraint failed") {
			return Violation{Kind: ForeignKey}, true
		}
	}
	return Violation{}, false
}

// Unavailable reports whether err says the database cannot serve now: it
// is down or restarting, a connection was lost, no pooled connection came
// free in time, or (SQLite) the file stayed locked past the busy timeout.
// Such a request is a 503 with Retry-After, not a server error.
func Unavailable(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		// Class 08: connection exception; 57P0x: shutting down, starting up.
		return strings.HasPrefix(pg.Code, "08") || pg.Code == "57P01" || pg.Code == "57P02" || pg.Code == "57P03"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		code := se.Code() & 0xff
		return code == sqlite3.SQLITE_BUSY || code == sqlite3.SQLITE_LOCKED
	}
	var connect *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &connect) || errors.As(err, &netErr) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, io.ErrUnexpectedEOF) || pgconn.SafeToRetry(err) || pgconn.Timeout(err)
}

// sqliteColumns reads "UNIQUE constraint failed: posts.a, posts.b".
func sqliteColumns(msg string) []string {
	_, list, ok := strings.Cut(msg, "constraint failed: ")
	if !ok {
		return nil
	}
	if i := strings.Index(list, " ("); i >= 0 {
		list = list[:i]
	}
	var cols []string
	for _, c := range strings.Split(list, ",") {
		c = strings.TrimSpace(c)
		if i := strings.LastIndex(c, "."); i >= 0 {
			c = c[i+1:]
		}
		cols = append(cols, c)
	}
	return cols
}
