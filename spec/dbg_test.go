package spec

import (
	"fmt"
	"os"
	"testing"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/cuecontext"
)

func TestDbg(t *testing.T) {
	src, _ := os.ReadFile(os.Getenv("DBG"))
	ctx := cuecontext.New()
	user := ctx.CompileBytes(src, cue.Filename("api.cue"))
	fmt.Println("root", user.Exists(), user.Kind(), user.Err())
	it, err := user.Fields()
	fmt.Println("fields err", err)
	for err == nil && it.Next() {
		fmt.Println(" ", it.Selector(), it.Value().Kind())
	}
	v := user.LookupPath(cue.ParsePath("entities"))
	fmt.Println("entities", v.Exists(), v.Kind(), v.Err())
}
