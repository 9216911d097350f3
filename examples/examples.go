// Package examples embeds the example specs that bgen ships, so that
// `bgen init` can write one into a new project.
package examples

import _ "embed"

//go:embed blog/api.cue
var blog string

// Blog returns the blog example's api.cue: users who write posts, with
// tags, behind a login.
func Blog() []byte { return []byte(blog) }
