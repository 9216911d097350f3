// Command bgen compiles a CUE backend spec into runnable backends.
package main

import (
	"os"

	"github.com/bgen-dev/bgen/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
