// Command server runs the API: serve (default), migrate, create-user '<json>'.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"bgenapp"
	"bgenapp/internal/apierr"
	"bgenapp/internal/auth"
	"bgenapp/internal/config"
	"bgenapp/internal/database"
	"bgenapp/internal/handler"
	"bgenapp/internal/service"
)

func main() { os.Exit(run(os.Args[1:])) }

func run(args []string) int {
	cmd := "serve"
	if len(args) > 0 {
		cmd = args[0]
	}
	cfg, err := config.Load()
	if err != nil {
		fmt.Fprintln(os.Stderr, "config:", err)
		return 1
	}
	log := newLogger(cfg.LogLevel)
	db, err := database.Open(cfg.DatabaseURL)
	if err != nil {
		fmt.Fprintln(os.Stderr, "config:", err)
		return 1
	}
	defer db.Close()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	svc := &service.Service{DB: db, Tokens: auth.Tokens{Secret: cfg.JWTSecret, TTL: service.TokenTTL}}
	switch cmd {
	case "migrate":
		if err := db.Migrate(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "migrate:", err)
			return 1
		}
		fmt.Println("migrations applied")
		return 0
	case "create-user":
		if len(args) != 2 {
			fmt.Fprintln(os.Stderr, "usage: server create-user '<json>'")
			return 1
		}
		if cfg.AutoMigrate {
			if err := db.Migrate(ctx); err != nil {
				fmt.Fprintln(os.Stderr, "migrate:", err)
				return 1
			}
		}
		out, err := handler.CreateUser(ctx, svc, []byte(args[1]))
		if err != nil {
			p := apierr.From(err)
			if p.Status == http.StatusInternalServerError {
				log.Error("create-user failed", slog.String("error", err.Error()))
			}
			body, _ := json.Marshal(p)
			fmt.Fprintln(os.Stderr, string(body))
			return 1
		}
		fmt.Println(string(out))
		return 0
	case "serve":
		code := serve(ctx, cfg, log, db, svc)
		if err := db.Close(); err != nil {
			log.Error("closing the database failed", slog.String("error", err.Error()))
		}
		log.Info("stopped")
		return code
	}
	fmt.Fprintf(os.Stderr, "unknown command %q: use serve, migrate or create-user\n", cmd)
	return 2
}

func serve(ctx context.Context, cfg config.Config, log *slog.Logger, db *database.DB, svc *service.Service) int {
	if cfg.AutoMigrate {
		if err := db.Migrate(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "migrate:", err)
			return 1
		}
	}
	srv := &http.Server{
		Addr:              cfg.Addr(),
		Handler:           handler.New(svc, log, cfg.CORSOrigins, bgenapp.OpenAPIDocument),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		// The contract's limits (middleware.Limits) are met first: the
		// server refuses only request heads over 1 MiB itself.
		MaxHeaderBytes: 1 << 20,
	}
	ln, err := net.Listen("tcp", cfg.Addr())
	if err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		return 1
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("started",
		slog.String("addr", cfg.Addr()),
		slog.String("database", db.Dialect.String()),
		slog.String("version", bgenapp.Version))
	select {
	case err := <-errc:
		fmt.Fprintln(os.Stderr, "serve:", err)
		return 1
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(os.Stderr, "shutdown:", err)
		return 1
	}
	return 0
}

// newLogger writes JSON lines with time in RFC 3339 UTC.
func newLogger(level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{
		Level: level,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey && len(groups) == 0 {
				return slog.String(slog.TimeKey, a.Value.Time().UTC().Format("2006-01-02T15:04:05.000Z"))
			}
			if a.Key == slog.LevelKey && len(groups) == 0 {
				return slog.String(slog.LevelKey, strings.ToLower(a.Value.String()))
			}
			return a
		},
	}))
}
