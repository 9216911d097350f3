// Package cli is bgen's command line. Run is the whole program, so tests
// run every command in-process.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bgen-dev/bgen/emitters"
	"github.com/bgen-dev/bgen/internal/pipeline"
	"github.com/bgen-dev/bgen/internal/targets"
	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/ir/migrate"
)

// Exit codes.
const (
	exitOK    = 0 // fine
	exitFail  = 1 // spec errors, stale output, refused or failed builds
	exitUsage = 2 // bad command line
)

// env is what a command may use of the world besides the disk.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	cwd            string // for printing paths relative to it

	// compile and emitters are pipeline.Compile and targets.All, replaced
	// by fakes in tests.
	compile  func(paths []string) (*ir.API, error)
	emitters func() []emitters.Emitter
	// plan is migrate.Plan, replaced by a fake in tests.
	plan func(history []*ir.Migration, tables []*ir.Table, opts migrate.Options) ([]*ir.Migration, error)
}

// lookup returns the implemented emitter of target name.
func (e *env) lookup(name string) (emitters.Emitter, bool) {
	for _, em := range e.emitters() {
		if em.Name() == name {
			return em, true
		}
	}
	return nil, false
}

// implemented lists the implemented targets' names.
func (e *env) implemented() []string {
	var names []string
	for _, em := range e.emitters() {
		names = append(names, em.Name())
	}
	return names
}

// command is one subcommand.
type command struct {
	name    string
	args    string // the synopsis after the name
	summary string // one line for the command list
	help    string // a paragraph for -h
	// flags declares the command's flags on fs; nil when it has none.
	flags func(fs *flag.FlagSet, o *options)
	run   func(e *env, o *options, args []string) int
}

// options holds every command's flags.
type options struct {
	targets          targetList
	out              string
	force            bool
	allowDestructive bool
}

func commands() []*command {
	return []*command{
		{
			name: "build", args: "SPEC... [-t TARGETS] [-o DIR] [--force] [--allow-destructive]",
			summary: "compile a spec and write the selected targets",
			help: "Build compiles the spec files (one CUE package) and writes each selected\n" +
				"target into DIR/<target>/, writing only files whose bytes changed and\n" +
				"removing files bgen wrote before and no longer generates. Files bgen\n" +
				"owns that were edited by hand are not overwritten unless --force is given.\n" +
				"Files meant for your own code are written once and never overwritten.\n" +
				"Without -t the spec's `targets` are built; openapi is always built.\n\n" +
				"When the database schema changed since the last build into DIR, build\n" +
				"adds a migration step: a snapshot in DIR/.bgen/schema/ and each target's\n" +
				"migration files. Migrations already written are never rewritten. A step\n" +
				"that can lose data is refused, with nothing written, unless\n" +
				"--allow-destructive is given.",
			flags: func(fs *flag.FlagSet, o *options) {
				targetFlags(fs, o)
				fs.BoolVar(&o.force, "force", false, "overwrite or delete bgen's files even if they were edited by hand")
				destructiveFlag(fs, o)
			},
			run: runBuild,
		},
		{
			name: "check", args: "SPEC... [-t TARGETS] [-o DIR] [--allow-destructive]",
			summary: "fail if DIR differs from what build would write",
			help: "Check compiles the spec like build but writes nothing. It exits 1 and lists\n" +
				"every file that is stale, missing, extra (written by bgen, no longer\n" +
				"generated) or edited by hand, with a short diff; it exits 0 when DIR\n" +
				"holds exactly what build would write. Your own files are not compared,\n" +
				"and migrations already written only need to exist. A schema change that\n" +
				"needs a new migration step fails the check (the step is missing); one\n" +
				"that can lose data is listed as build would list it, unless\n" +
				"--allow-destructive is given.",
			flags: func(fs *flag.FlagSet, o *options) {
				targetFlags(fs, o)
				destructiveFlag(fs, o)
			},
			run: runCheck,
		},
		diffCommand(),
		{
			name: "vet", args: "SPEC...",
			summary: "validate a spec",
			help:    "Vet loads and validates the spec and prints every error with its\nfile:line:col. It prints nothing when the spec is valid.",
			run:     runVet,
		},
		{
			name: "ir", args: "SPEC...",
			summary: "print a spec's intermediate representation as JSON",
			help:    "Ir prints the lowered spec, every default applied, as indented JSON.",
			run:     runIR,
		},
		{
			name: "init", args: "[DIR]",
			summary: "start a project with the blog example spec",
			help: "Init writes DIR/api.cue (the blog example) and the cue.mod/ files that let\n" +
				"cue and editors understand it. DIR defaults to the current directory.\n" +
				"It refuses to overwrite an existing api.cue.",
			run: runInit,
		},
		{
			name: "version", args: "",
			summary: "print bgen's version",
			help:    "Version prints bgen's version.",
			run:     runVersion,
		},
		{
			name: "help", args: "[COMMAND]",
			summary: "show help for a command",
			help:    "Help shows bgen's commands, or the flags of one command.",
			run:     runHelp,
		},
	}
}

func lookup(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

// Run runs bgen with args (without the program name) and returns the exit
// code: 0 fine, 1 spec errors or stale output, 2 usage.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cwd, err := os.Getwd()
	if err != nil {
		cwd = ""
	}
	return run(&env{
		stdin: stdin, stdout: stdout, stderr: stderr, cwd: cwd,
		compile: pipeline.Compile, emitters: targets.All, plan: migrate.Plan,
	}, args)
}

func run(e *env, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	}
	c := lookup(args[0])
	if c == nil {
		fmt.Fprintf(stderr, "bgen: unknown command %q\n\n", args[0])
		usage(stderr)
		return exitUsage
	}
	o := &options{}
	fs := newFlagSet(c, o)
	pos, err := parseInterspersed(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		commandUsage(stdout, c)
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "bgen %s: %v\n", c.name, err)
		commandUsage(stderr, c)
		return exitUsage
	}
	return c.run(e, o, pos)
}

func newFlagSet(c *command, o *options) *flag.FlagSet {
	fs := flag.NewFlagSet("bgen "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if c.flags != nil {
		c.flags(fs, o)
	}
	return fs
}

// parseInterspersed parses flags wherever they are among the positional
// arguments ("bgen build api.cue -t go -o out"); everything after "--" is
// positional.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// usageError prints a command's usage error and returns the usage exit
// code.
func usageError(e *env, c string, format string, args ...any) int {
	fmt.Fprintf(e.stderr, "bgen %s: %s\n", c, fmt.Sprintf(format, args...))
	fmt.Fprintf(e.stderr, "Run 'bgen %s -h' for usage.\n", c)
	return exitUsage
}

func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("bgen compiles a CUE backend spec into runnable backends and an OpenAPI document.\n\n")
	b.WriteString("Usage:\n\n\tbgen <command> [arguments]\n\nCommands:\n\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "\t%-8s %s\n", c.name, c.summary)
	}
	b.WriteString("\nRun 'bgen <command> -h' for a command's arguments and flags.\n")
	io.WriteString(w, b.String())
}

func commandUsage(w io.Writer, c *command) {
	fmt.Fprintf(w, "Usage: bgen %s %s\n\n%s\n", c.name, c.args, c.help)
	fs := newFlagSet(c, &options{})
	has := false
	fs.VisitAll(func(*flag.Flag) { has = true })
	if has {
		fmt.Fprintf(w, "\nFlags:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}

func runHelp(e *env, _ *options, args []string) int {
	switch len(args) {
	case 0:
		usage(e.stdout)
		return exitOK
	case 1:
		if c := lookup(args[0]); c != nil {
			commandUsage(e.stdout, c)
			return exitOK
		}
		fmt.Fprintf(e.stderr, "bgen help: unknown command %q\n\n", args[0])
		usage(e.stderr)
		return exitUsage
	}
	return usageError(e, "help", "too many arguments")
}
