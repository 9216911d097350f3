package golang

import "github.com/dave/jennifer/jen"

// runtimeMigrations emits migrations/embed.go, which embeds the SQL
// migrations of both dialects.
func (g *gen) runtimeMigrations() {
	f := jen.NewFilePathName(g.module+"/migrations", "migrations")
	f.PackageComment("Package migrations holds the SQL migrations of both dialects.")
	f.Comment("FS holds postgres/*.sql and sqlite/*.sql.")
	f.Comment("//")
	f.Comment("//go:embed postgres/*.sql sqlite/*.sql")
	f.Var().Id("FS").Qual("embed", "FS")
	g.goFile("migrations/embed.go", f)
}
