package migrate_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/bgen-dev/bgen/ir"
	"github.com/bgen-dev/bgen/ir/migrate"
	mt "github.com/bgen-dev/bgen/ir/migrate/migratetest"
)

func tables(t *testing.T, src string) []*ir.Table {
	t.Helper()
	ts, err := mt.Tables(src)
	if err != nil {
		t.Fatalf("spec: %v\n%s", err, src)
	}
	return ts
}

// initial is the one-step history of src.
func initial(t *testing.T, src string) []*ir.Migration {
	t.Helper()
	h, err := migrate.Plan(nil, tables(t, src), migrate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// short is a change as one line: "kind table[.column] [constraint]
// [<-from] [!]" (! when destructive), and then " @pos" when withPos.
func short(c *ir.Change, withPos bool) string {
	s := string(c.Kind) + " " + c.Table
	if c.Column != "" {
		s += "." + c.Column
	}
	if c.Constraint != "" {
		s += " " + c.Constraint
	}
	if c.From != "" {
		s += " <-" + c.From
	}
	if c.Destructive {
		s += " !"
	}
	if withPos {
		s += " @" + c.Pos
	}
	return s
}

func shorts(cs []*ir.Change) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, short(c, false))
	}
	return out
}

func diffLists(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("changes:\n got:\n\t%s\n want:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

func TestInitial(t *testing.T) {
	ts := tables(t, mt.Base)
	h, err := migrate.Plan(nil, ts, migrate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 1 || h[0].Name != "0001_initial" || h[0].Version != 1 || h[0].From != nil {
		t.Fatalf("initial step: %+v", h)
	}
	diffLists(t, shorts(h[0].Changes), []string{"createTable users", "createTable posts", "createTable tags", "createTable posts_tags"})
}

func TestUnchanged(t *testing.T) {
	h := initial(t, mt.Base)
	got, err := migrate.Plan(h, tables(t, mt.Base), migrate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != h[0] {
		t.Fatalf("unchanged schema: got %d steps", len(got))
	}
	// Nor when the history went through JSON, as the snapshots do
	// (defaults come back as float64), nor for changes the database does
	// not see (a description, validation, the API).
	b, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	var back []*ir.Migration
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	same := mt.Edit(mt.Base,
		`email: {type: "email", unique: true}`, `email: {type: "email", unique: true, description: "login"}`,
		`views: {type: "int", default: 0}`, `views: {type: "int", default: 0, min: 0, readOnly: true}`,
		`title: {type: "string", maxLength: 200}`, `title: {type: "string", maxLength: 200, minLength: 1, pattern: "^[A-Z]"}`,
	)
	got, err = migrate.Plan(back, tables(t, same), migrate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("unchanged schema after JSON: new step %+v", got[len(got)-1].Changes)
	}
}

func TestPlan(t *testing.T) {
	type tc struct {
		name string
		old  string // default mt.Base
		new  string
		want []string
		step string // the new step's name
	}
	tests := []tc{
		{
			name: "add optional column",
			new: mt.Edit(mt.Base, `summary: {type: "string", optional: true}`, `summary: {type: "string", optional: true}
			subtitle: {type: "string", optional: true}`),
			want: []string{"addColumn posts.subtitle"},
			step: "0002_add_posts_subtitle",
		},
		{
			name: "add column with a default",
			new: mt.Edit(mt.Base, `views: {type: "int", default: 0}`, `views: {type: "int", default: 0}
			likes: {type: "int", default: 0}`),
			want: []string{"addColumn posts.likes"},
			step: "0002_add_posts_likes",
		},
		{
			name: "add required column without a default",
			new: mt.Edit(mt.Base, `views: {type: "int", default: 0}`, `views: {type: "int", default: 0}
			likes: "int"`),
			want: []string{"addColumn posts.likes !"},
			step: "0002_add_posts_likes",
		},
		{
			name: "drop column",
			new:  mt.Edit(mt.Base, `views: {type: "int", default: 0}`, ``),
			want: []string{"dropColumn posts.views !"},
			step: "0002_drop_posts_views",
		},
		{
			name: "create table",
			new: mt.Edit(mt.Base, `	Tag: {`, `	Comment: {
		fields: body: "text"
		relations: post: {belongsTo: "Post", onDelete: "cascade"}
	}
	Tag: {`),
			want: []string{"createTable comments"},
			step: "0002_create_comments",
		},
		{
			name: "create table with its join table",
			new: mt.Edit(mt.Base, `	Tag: {`, `	Label: {
		fields: name: "string"
		relations: posts: {manyToMany: "Post"}
	}
	Tag: {`),
			want: []string{"createTable labels", "createTable labels_posts"},
			step: "0002_create_labels",
		},
		{
			name: "drop table and its join table",
			new: mt.Edit(mt.Base, `			tags: {manyToMany: "Tag"}
`, ``, `	Tag: {
		fields: name: {type: "string", unique: true}
	}
`, ``),
			want: []string{"dropTable posts_tags !", "dropTable tags !"},
			step: "0002_drop_tags",
		},
		{
			name: "rename column",
			new:  mt.Edit(mt.Base, `slug: {type: "string", unique: true}`, `handle: {type: "string", unique: true, renamedFrom: "slug"}`),
			want: []string{"renameColumn posts.handle <-slug", "renameConstraint posts uq_posts_handle <-uq_posts_slug"},
			step: "0002_rename_posts_slug_to_handle",
		},
		{
			name: "rename column in an index",
			new:  mt.Edit(mt.Base, `status: {type: "enum"`, `state: {renamedFrom: "status", type: "enum"`, `[["author", "status"]]`, `[["author", "state"]]`),
			want: []string{
				"renameColumn posts.state <-status",
				"renameConstraint posts ck_posts_state <-ck_posts_status",
				"renameIndex posts ix_posts_author_id_state <-ix_posts_author_id_status",
			},
			step: "0002_rename_posts_status",
		},
		{
			name: "rename table, and its join table with it",
			old:  mt.Edit(mt.Base, `Post: {`, `Article: {`, `[["author", "status"]]`, `[["author", "status"]]`),
			new: mt.Edit(mt.Base, `Post: {`, `Post: {
		renamedFrom: "Article"`),
			want: []string{
				"renameTable posts <-articles",
				"renameTable posts_tags <-articles_tags",
				"renameColumn posts_tags.post_id <-article_id",
				"renameConstraint posts fk_posts_author_id <-fk_articles_author_id",
				"renameConstraint posts ck_posts_status <-ck_articles_status",
				"renameConstraint posts uq_posts_slug <-uq_articles_slug",
				"renameIndex posts ix_posts_author_id <-ix_articles_author_id",
				"renameIndex posts ix_posts_author_id_status <-ix_articles_author_id_status",
				"renameConstraint posts_tags fk_posts_tags_post_id <-fk_articles_tags_article_id",
				"renameConstraint posts_tags fk_posts_tags_tag_id <-fk_articles_tags_tag_id",
				"renameIndex posts_tags ix_posts_tags_tag_id <-ix_articles_tags_tag_id",
			},
			step: "0002_rename_articles_to_posts",
		},
		{
			name: "rename a referenced table",
			old:  mt.Edit(mt.Base, `User: {`, `Person: {`, `belongsTo: "User"`, `belongsTo: "Person"`),
			new: mt.Edit(mt.Base, `User: {`, `User: {
		renamedFrom: "Person"`),
			want: []string{
				"renameTable users <-people",
				"renameConstraint users uq_users_email <-uq_people_email",
			},
			step: "0002_rename_people_to_users",
		},
		{
			name: "rename an entity, its table kept",
			old: mt.Edit(mt.Base, `Post: {`, `Article: {
		table: "posts"`),
			new: mt.Edit(mt.Base, `Post: {`, `Post: {
		renamedFrom: "Article"`),
			// The join table is named after the tables, its keys after the
			// entities.
			want: []string{
				"renameColumn posts_tags.post_id <-article_id",
				"renameConstraint posts_tags fk_posts_tags_post_id <-fk_posts_tags_article_id",
			},
			step: "0002_rename_posts_tags_article", // cut to MaxNameLen
		},
		{
			name: "rename a table only: renamedFrom names the entity itself",
			new: mt.Edit(mt.Base, `Post: {`, `Post: {
		table: "stories"
		renamedFrom: "Post"`),
			want: []string{
				"renameTable stories <-posts",
				"renameTable stories_tags <-posts_tags",
				"renameConstraint stories fk_stories_author_id <-fk_posts_author_id",
				"renameConstraint stories ck_stories_status <-ck_posts_status",
				"renameConstraint stories uq_stories_slug <-uq_posts_slug",
				"renameIndex stories ix_stories_author_id <-ix_posts_author_id",
				"renameIndex stories ix_stories_author_id_status <-ix_posts_author_id_status",
				"renameConstraint stories_tags fk_stories_tags_post_id <-fk_posts_tags_post_id",
				"renameConstraint stories_tags fk_stories_tags_tag_id <-fk_posts_tags_tag_id",
				"renameIndex stories_tags ix_stories_tags_tag_id <-ix_posts_tags_tag_id",
			},
			step: "0002_rename_posts_to_stories",
		},
		{
			name: "rename an entity joined to itself",
			old: mt.Edit(mt.Base, `	Tag: {`, `	Person: relations: friends: {manyToMany: "Person"}
	Tag: {`),
			new: mt.Edit(mt.Base, `	Tag: {`, `	Member: {
		renamedFrom: "Person"
		relations: friends: {manyToMany: "Member"}
	}
	Tag: {`),
			want: []string{
				"renameTable members <-people",
				"renameTable members_members <-people_people",
				"renameColumn members_members.member_id <-person_id",
				"renameConstraint members_members fk_members_members_member_id <-fk_people_people_person_id",
				"renameConstraint members_members fk_members_members_friend_id <-fk_people_people_friend_id",
				"renameIndex members_members ix_members_members_friend_id <-ix_people_people_friend_id",
			},
			step: "0002_rename_people_to_members",
		},
		{
			name: "a table with a new name and no renamedFrom is dropped and created",
			new: mt.Edit(mt.Base, `Tag: {`, `Tag: {
		table: "labels"`),
			want: []string{"dropTable posts_tags !", "dropTable tags !", "createTable labels", "createTable labels_posts"},
			step: "0002_schema",
		},
		{
			name: "a join table becomes an entity's table",
			new: mt.Edit(mt.Base, `			tags: {manyToMany: "Tag"}
`, ``, `	Tag: {`, `	PostTag: {
		table: "posts_tags"
		relations: {
			post: {belongsTo: "Post", onDelete: "cascade"}
			tag: {belongsTo: "Tag", onDelete: "cascade"}
		}
	}
	Tag: {`),
			want: []string{"dropTable posts_tags !", "createTable posts_tags"},
			step: "0002_schema",
		},
		{
			name: "widen a string",
			new:  mt.Edit(mt.Base, `title: {type: "string", maxLength: 200}`, `title: {type: "string", maxLength: 300}`),
			want: []string{"alterColumn posts.title"},
			step: "0002_alter_posts_title",
		},
		{
			name: "narrow a string",
			new:  mt.Edit(mt.Base, `title: {type: "string", maxLength: 200}`, `title: {type: "string", maxLength: 100}`),
			want: []string{"alterColumn posts.title !"},
		},
		{
			name: "string to text",
			new:  mt.Edit(mt.Base, `title: {type: "string", maxLength: 200}`, `title: "text"`),
			want: []string{"alterColumn posts.title"},
		},
		{
			name: "text to string",
			old:  mt.Edit(mt.Base, `title: {type: "string", maxLength: 200}`, `title: "text"`),
			new:  mt.Base,
			want: []string{"alterColumn posts.title !"},
		},
		{
			name: "int to string",
			new:  mt.Edit(mt.Base, `views: {type: "int", default: 0}`, `views: {type: "string", default: "0"}`),
			want: []string{"alterColumn posts.views !"},
		},
		{
			name: "same storage, another type",
			new:  mt.Edit(mt.Base, `email: {type: "email", unique: true}`, `email: {type: "string", maxLength: 254, unique: true}`),
			want: nil,
		},
		{
			name: "more precision",
			new:  mt.Edit(mt.Base, `precision: 10, scale: 2`, `precision: 12, scale: 3`),
			want: []string{"alterColumn posts.price"},
		},
		{
			name: "less scale",
			new:  mt.Edit(mt.Base, `precision: 10, scale: 2`, `precision: 10, scale: 1`),
			want: []string{"alterColumn posts.price !"},
		},
		{
			name: "fewer integer digits",
			new:  mt.Edit(mt.Base, `precision: 10, scale: 2`, `precision: 9, scale: 2`),
			want: []string{"alterColumn posts.price !"},
		},
		{
			name: "required, no default",
			new:  mt.Edit(mt.Base, `summary: {type: "string", optional: true}`, `summary: {type: "string"}`),
			want: []string{"alterColumn posts.summary !"},
		},
		{
			name: "required, with a default",
			new:  mt.Edit(mt.Base, `summary: {type: "string", optional: true}`, `summary: {type: "string", default: ""}`),
			want: []string{"alterColumn posts.summary"},
		},
		{
			name: "optional",
			new:  mt.Edit(mt.Base, `title: {type: "string", maxLength: 200}`, `title: {type: "string", maxLength: 200, optional: true}`),
			want: []string{"alterColumn posts.title"},
		},
		{
			name: "another default",
			new:  mt.Edit(mt.Base, `views: {type: "int", default: 0}`, `views: {type: "int", default: 1}`),
			want: []string{"alterColumn posts.views"},
		},
		{
			name: "enum value added",
			new:  mt.Edit(mt.Base, `["draft", "published"]`, `["draft", "published", "archived"]`),
			want: []string{"dropCheck posts ck_posts_status", "addCheck posts ck_posts_status"},
			step: "0002_alter_ck_posts_status",
		},
		{
			name: "enum value removed",
			new:  mt.Edit(mt.Base, `["draft", "published"]`, `["draft", "live"]`),
			want: []string{"dropCheck posts ck_posts_status", "addCheck posts ck_posts_status !"},
		},
		{
			name: "string becomes an enum",
			new:  mt.Edit(mt.Base, `summary: {type: "string", optional: true}`, `summary: {type: "enum", values: ["a", "b"], optional: true}`),
			want: []string{"addCheck posts ck_posts_summary !"},
		},
		{
			name: "enum becomes a string",
			new:  mt.Edit(mt.Base, `status: {type: "enum", values: ["draft", "published"], default: "draft"}`, `status: {type: "string", default: "draft"}`),
			want: []string{"dropCheck posts ck_posts_status"},
			step: "0002_drop_ck_posts_status",
		},
		{
			name: "unique added",
			new:  mt.Edit(mt.Base, `name: {type: "string", maxLength: 100}`, `name: {type: "string", maxLength: 100, unique: true}`),
			want: []string{"addUnique users uq_users_name !"},
			step: "0002_add_uq_users_name",
		},
		{
			name: "unique dropped",
			new:  mt.Edit(mt.Base, `slug: {type: "string", unique: true}`, `slug: {type: "string"}`),
			want: []string{"dropUnique posts uq_posts_slug"},
			step: "0002_drop_uq_posts_slug",
		},
		{
			name: "composite unique added",
			new: mt.Edit(mt.Base, `indexes: [["author", "status"]]`, `indexes: [["author", "status"]]
		unique: [["author", "title"]]`),
			want: []string{"addUnique posts uq_posts_author_id_title !"},
		},
		{
			name: "unique on a new optional column",
			new: mt.Edit(mt.Base, `summary: {type: "string", optional: true}`, `summary: {type: "string", optional: true}
			code: {type: "string", optional: true, unique: true}`),
			want: []string{"addColumn posts.code", "addUnique posts uq_posts_code"},
		},
		{
			name: "index added and dropped",
			new:  mt.Edit(mt.Base, `indexes: [["author", "status"]]`, `indexes: [["status"]]`),
			want: []string{"dropIndex posts ix_posts_author_id_status", "addIndex posts ix_posts_status"},
			step: "0002_schema",
		},
		{
			name: "new optional belongsTo",
			new: mt.Edit(mt.Base, `tags: {manyToMany: "Tag"}`, `tags: {manyToMany: "Tag"}
			editor: {belongsTo: "User", optional: true, onDelete: "setNull"}`),
			want: []string{"addColumn posts.editor_id", "addIndex posts ix_posts_editor_id", "addForeignKey posts fk_posts_editor_id"},
			step: "0002_add_posts_editor_id",
		},
		{
			name: "new required belongsTo",
			new: mt.Edit(mt.Base, `tags: {manyToMany: "Tag"}`, `tags: {manyToMany: "Tag"}
			editor: {belongsTo: "User"}`),
			want: []string{"addColumn posts.editor_id !", "addIndex posts ix_posts_editor_id", "addForeignKey posts fk_posts_editor_id"},
		},
		{
			name: "onDelete changed",
			new:  mt.Edit(mt.Base, `onDelete: "cascade"`, `onDelete: "restrict"`),
			want: []string{"dropForeignKey posts fk_posts_author_id", "addForeignKey posts fk_posts_author_id"},
			step: "0002_alter_fk_posts_author_id",
		},
		{
			name: "belongsTo points elsewhere",
			new:  mt.Edit(mt.Base, `belongsTo: "User", onDelete: "cascade"`, `belongsTo: "Tag", onDelete: "cascade"`),
			want: []string{"dropForeignKey posts fk_posts_author_id", "addForeignKey posts fk_posts_author_id !"},
		},
		{
			name: "id type changes",
			new: mt.Edit(mt.Base, `	User: {`, `	User: {
		id: "uuid"`),
			want: []string{
				"dropForeignKey posts fk_posts_author_id",
				"alterColumn users.id !",
				"alterColumn posts.author_id !",
				"addForeignKey posts fk_posts_author_id",
			},
		},
		{
			name: "renamedFrom already applied",
			new: mt.Edit(mt.Base, `slug: {type: "string", unique: true}`, `slug: {type: "string", unique: true, renamedFrom: "handle"}`, `Post: {`, `Post: {
		renamedFrom: "Article"`),
			want: nil,
		},
		{
			name: "timestamps turned off",
			new: mt.Edit(mt.Base, `	Tag: {`, `	Tag: {
		timestamps: false`),
			want: []string{"dropColumn tags.created_at !", "dropColumn tags.updated_at !"},
			step: "0002_schema",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := tt.old
			if old == "" {
				old = mt.Base
			}
			h := initial(t, old)
			got, err := migrate.Plan(h, tables(t, tt.new), migrate.Options{AllowDestructive: true})
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == nil {
				if len(got) != 1 {
					t.Fatalf("want no step, got %s", strings.Join(shorts(got[len(got)-1].Changes), "; "))
				}
				return
			}
			if len(got) != 2 {
				t.Fatalf("want a new step, got %d steps", len(got))
			}
			m := got[1]
			diffLists(t, shorts(m.Changes), tt.want)
			if m.Version != 2 || m.From == nil || &m.From[0] != &h[0].To[0] || len(m.To) == 0 {
				t.Errorf("step: version %d, From is the last To: %v", m.Version, m.From != nil && &m.From[0] == &h[0].To[0])
			}
			if tt.step != "" && m.Name != tt.step {
				t.Errorf("name %q, want %q", m.Name, tt.step)
			}
			if len(m.Name) > migrate.MaxNameLen {
				t.Errorf("name %q is longer than %d", m.Name, migrate.MaxNameLen)
			}
			for _, c := range m.Changes {
				if c.Destructive && c.Reason == "" {
					t.Errorf("%s: destructive without a reason", short(c, false))
				}
			}
			// Without --allow-destructive: the same destructive changes,
			// as an error, and no step.
			var destructive []string
			for _, c := range m.Changes {
				if c.Destructive {
					destructive = append(destructive, short(c, true))
				}
			}
			again, err := migrate.Plan(h, tables(t, tt.new), migrate.Options{})
			var de *migrate.DestructiveError
			switch {
			case destructive == nil && err != nil:
				t.Errorf("not destructive, yet: %v", err)
			case destructive != nil && !errors.As(err, &de):
				t.Errorf("destructive, yet err = %v (%d steps)", err, len(again))
			case destructive != nil:
				var listed []string
				for _, c := range de.Changes {
					listed = append(listed, short(c, true))
				}
				diffLists(t, listed, destructive)
				if again != nil {
					t.Error("a step with a DestructiveError")
				}
			}
		})
	}
}

func TestPositions(t *testing.T) {
	src := mt.Edit(mt.Base,
		`summary: {type: "string", optional: true}`, `summary: {type: "string"}
			subtitle: {type: "string", optional: true}`,
		`views: {type: "int", default: 0}`, ``,
	)
	h := initial(t, mt.Base)
	_, err := migrate.Plan(h, tables(t, src), migrate.Options{})
	var de *migrate.DestructiveError
	if !errors.As(err, &de) {
		t.Fatalf("err = %v", err)
	}
	var got []string
	for _, c := range de.Changes {
		got = append(got, short(c, true))
	}
	diffLists(t, got, []string{"dropColumn posts.views ! @", "alterColumn posts.summary ! @api.cue:15:4"})
	msg := err.Error()
	for _, want := range []string{
		"2 destructive change(s)",
		"(no position): drops column posts.views and its values; no field of the spec names it any more (so this change has no spec position)",
		"api.cue:15:4: makes posts.summary required (NOT NULL) without a default",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	got2, err := migrate.Plan(h, tables(t, src), migrate.Options{AllowDestructive: true})
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, c := range got2[1].Changes {
		all = append(all, short(c, true))
	}
	diffLists(t, all, []string{"dropColumn posts.views ! @", "alterColumn posts.summary ! @api.cue:15:4", "addColumn posts.subtitle @api.cue:16:4"})
}

func TestRenamedFromErrors(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{
			name: "entity: neither",
			new: mt.Edit(mt.Base, `Tag: {`, `Label: {
		renamedFrom: "Badge"`, `manyToMany: "Tag"`, `manyToMany: "Label"`),
			want: `api.cue:24:2: entity Label (table labels): renamedFrom "Badge": the schema of the last migration has neither table badges nor labels, so there is nothing to rename`,
		},
		{
			name: "entity: both",
			old: mt.Edit(mt.Base, `	Tag: {`, `	Label: fields: name: "string"
	Tag: {`),
			new: mt.Edit(mt.Base, `	Tag: {`, `	Label: {
		renamedFrom: "Tag"
		fields: name: "string"
	}
	Tag: {`),
			want: `entity Label (table labels): renamedFrom "Tag": the schema of the last migration has both table tags and table labels`,
		},
		{
			name: "entity: old one still in the spec",
			new: mt.Edit(mt.Base, `	Tag: {`, `	Label: {
		renamedFrom: "Tag"
		fields: name: "string"
	}
	Tag: {`),
			want: `entity Label (table labels): renamedFrom "Tag": table tags is still in the spec (entity Tag), so it cannot be renamed`,
		},
		{
			name: "entity: two renamed from one",
			new: mt.Edit(mt.Base, `	Tag: {
		fields: name: {type: "string", unique: true}
	}`, `	Tag: {
		fields: name: {type: "string", unique: true}
	}
	Label: {
		renamedFrom: "Tag"
		fields: name: "string"
	}
	Badge: {
		renamedFrom: "Tag"
		fields: name: "string"
	}`, `manyToMany: "Tag"`, `manyToMany: "Label"`, `	Tag: {
		fields: name: {type: "string", unique: true}
	}
`, ``),
			want: `entity Badge (table badges): renamedFrom "Tag": table tags is renamed to labels already (entity Label has the same renamedFrom)`,
		},
		{
			name: "field: neither",
			new: mt.Edit(mt.Base, `slug: {type: "string", unique: true}`, `slug: {type: "string", unique: true}
			handle: {type: "string", optional: true, renamedFrom: "nick"}`),
			want: `api.cue:15:4: column posts.handle: renamedFrom "nick" (column nick): table posts of the last migration has neither column nick nor handle, so there is nothing to rename`,
		},
		{
			name: "field: old one still in the spec",
			new: mt.Edit(mt.Base, `slug: {type: "string", unique: true}`, `slug: {type: "string", unique: true}
			headline: {type: "string", optional: true, renamedFrom: "title"}`),
			want: `api.cue:15:4: column posts.headline: renamedFrom "title" (column title): column title is still in the spec, so it cannot be renamed`,
		},
		{
			name: "field: both",
			old: mt.Edit(mt.Base, `slug: {type: "string", unique: true}`, `slug: {type: "string", unique: true}
			headline: {type: "string", optional: true}`),
			new: mt.Edit(mt.Base, `slug: {type: "string", unique: true}`, `slug: {type: "string", unique: true}
			headline: {type: "string", optional: true, renamedFrom: "title"}`),
			want: `column posts.headline: renamedFrom "title" (column title): table posts of the last migration has both columns title and headline`,
		},
		{
			name: "field of a new table",
			new: mt.Edit(mt.Base, `	Tag: {`, `	Comment: fields: text: {type: "text", renamedFrom: "body"}
	Tag: {`),
			want: `api.cue:24:19: field of column comments.text: renamedFrom "body": table comments is new in this migration, so there is no column body to rename`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := tt.old
			if old == "" {
				old = mt.Base
			}
			got, err := migrate.Plan(initial(t, old), tables(t, tt.new), migrate.Options{AllowDestructive: true})
			if err == nil {
				t.Fatalf("no error; changes %s", strings.Join(shorts(got[len(got)-1].Changes), "; "))
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, tt.want)
			}
		})
	}
}

// TestHistory plans three steps in a row: each step starts from the one
// before, and a renamedFrom left in the spec does nothing once applied.
func TestHistory(t *testing.T) {
	v1 := mt.Base
	v2 := mt.Edit(v1, `summary: {type: "string", optional: true}`, `summary: {type: "string", optional: true}
			subtitle: {type: "string", optional: true}`)
	v3 := mt.Edit(v2, `subtitle: {type: "string", optional: true}`, `tagline: {type: "string", optional: true, renamedFrom: "subtitle"}`)
	v4 := mt.Edit(v3, `title: {type: "string", maxLength: 200}`, `title: {type: "string", maxLength: 250}`)
	h := initial(t, v1)
	var names []string
	for _, src := range []string{v2, v3, v3, v4} {
		var err error
		h, err = migrate.Plan(h, tables(t, src), migrate.Options{})
		if err != nil {
			t.Fatal(err)
		}
	}
	for i, m := range h {
		names = append(names, m.Name)
		if m.Version != i+1 {
			t.Errorf("%s: version %d", m.Name, m.Version)
		}
		if i > 0 && &m.From[0] != &h[i-1].To[0] {
			t.Errorf("%s: From is not the previous step's To", m.Name)
		}
	}
	diffLists(t, names, []string{"0001_initial", "0002_add_posts_subtitle", "0003_rename_posts_subtitle", "0004_alter_posts_title"})
	if h[2].Summary != "Rename column posts.subtitle to tagline." {
		t.Errorf("summary %q", h[2].Summary)
	}
}

func TestDeterministic(t *testing.T) {
	old := mt.Edit(mt.Base, `Post: {`, `Article: {`)
	src := mt.Edit(mt.Base, `Post: {`, `Post: {
		renamedFrom: "Article"`, `views: {type: "int", default: 0}`, `likes: {type: "int", default: 0}`,
		`["draft", "published"]`, `["draft", "published", "archived"]`)
	var first []byte
	for range 5 {
		h, err := migrate.Plan(initial(t, old), tables(t, src), migrate.Options{AllowDestructive: true})
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(h[1])
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = b
		} else if !bytes.Equal(b, first) {
			t.Fatal("two plans differ")
		}
	}
}
