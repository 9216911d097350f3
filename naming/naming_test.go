package naming

import (
	"reflect"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"BlogPost", []string{"blog", "post"}},
		{"blogPost", []string{"blog", "post"}},
		{"blog_post", []string{"blog", "post"}},
		{"blog-post", []string{"blog", "post"}},
		{"BLOG_POST", []string{"blog", "post"}},
		{"HTTPServer", []string{"http", "server"}},
		{"userID", []string{"user", "id"}},
		{"userId", []string{"user", "id"}},
		{"APIURL", []string{"apiurl"}},
		{"apiURLs", []string{"api", "urls"}},
		{"tagIDs", []string{"tag", "ids"}},
		{"IDsList", []string{"ids", "list"}},
		{"HTTPSever", []string{"http", "sever"}},
		{"URLShortener", []string{"url", "shortener"}},
		{"utf8Name", []string{"utf8", "name"}},
		{"HTTP2Server", []string{"http2", "server"}},
		{"base64Encode", []string{"base64", "encode"}},
		{"v2", []string{"v2"}},
		{"line2Text", []string{"line2", "text"}},
		{"ID", []string{"id"}},
		{"id", []string{"id"}},
		{"createdAt", []string{"created", "at"}},
		{"__x__y", []string{"x", "y"}},
		{"a", []string{"a"}},
		{"", nil},
		{"XMLHttpRequest", []string{"xml", "http", "request"}},
	}
	for _, tt := range tests {
		if got := Split(tt.in).Words; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Split(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCases(t *testing.T) {
	tests := []struct {
		in                                          string
		pascal, camel, snake, kebab, scream, ge, gu string
	}{
		{"blogPost", "BlogPost", "blogPost", "blog_post", "blog-post", "BLOG_POST", "BlogPost", "blogPost"},
		{"userId", "UserId", "userId", "user_id", "user-id", "USER_ID", "UserID", "userID"},
		{"id", "Id", "id", "id", "id", "ID", "ID", "id"},
		{"api_url", "ApiUrl", "apiUrl", "api_url", "api-url", "API_URL", "APIURL", "apiURL"},
		{"httpsProxy", "HttpsProxy", "httpsProxy", "https_proxy", "https-proxy", "HTTPS_PROXY", "HTTPSProxy", "httpsProxy"},
		{"utf8Name", "Utf8Name", "utf8Name", "utf8_name", "utf8-name", "UTF8_NAME", "UTF8Name", "utf8Name"},
		{"trackingUuid", "TrackingUuid", "trackingUuid", "tracking_uuid", "tracking-uuid", "TRACKING_UUID", "TrackingUUID", "trackingUUID"},
		{"tagIDs", "TagIds", "tagIds", "tag_ids", "tag-ids", "TAG_IDS", "TagIDs", "tagIDs"},
		{"urls", "Urls", "urls", "urls", "urls", "URLS", "URLs", "urls"},
		{"https", "Https", "https", "https", "https", "HTTPS", "HTTPS", "https"},
		{"", "", "", "", "", "", "", ""},
	}
	for _, tt := range tests {
		n := Split(tt.in)
		got := []string{n.Pascal(), n.Camel(), n.Snake(), n.Kebab(), n.ScreamingSnake(), n.GoExported(), n.GoUnexported()}
		want := []string{tt.pascal, tt.camel, tt.snake, tt.kebab, tt.scream, tt.ge, tt.gu}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %q, want %q", tt.in, got, want)
		}
	}
}

func TestMarshalText(t *testing.T) {
	b, err := Split("BlogPost").MarshalText()
	if err != nil || string(b) != "blogPost" {
		t.Fatalf("MarshalText = %q, %v", b, err)
	}
}

func TestPlural(t *testing.T) {
	tests := []struct{ sing, plur string }{
		{"post", "posts"},
		{"category", "categories"},
		{"day", "days"},
		{"key", "keys"},
		{"person", "people"},
		{"child", "children"},
		{"man", "men"},
		{"woman", "women"},
		{"mouse", "mice"},
		{"goose", "geese"},
		{"tooth", "teeth"},
		{"foot", "feet"},
		{"ox", "oxen"},
		{"data", "data"},
		{"information", "information"},
		{"equipment", "equipment"},
		{"news", "news"},
		{"series", "series"},
		{"species", "species"},
		{"sheep", "sheep"},
		{"fish", "fish"},
		{"metadata", "metadata"},
		{"media", "media"},
		{"class", "classes"},
		{"address", "addresses"},
		{"box", "boxes"},
		{"index", "indexes"},
		{"match", "matches"},
		{"dish", "dishes"},
		{"leaf", "leaves"},
		{"knife", "knives"},
		{"life", "lives"},
		{"wife", "wives"},
		{"half", "halves"},
		{"shelf", "shelves"},
		{"wolf", "wolves"},
		{"thief", "thieves"},
		{"loaf", "loaves"},
		{"roof", "roofs"},
		{"analysis", "analyses"},
		{"crisis", "crises"},
		{"status", "statuses"},
		{"bus", "buses"},
		{"campus", "campuses"},
		{"house", "houses"},
		{"use", "uses"},
		{"case", "cases"},
		{"response", "responses"},
		{"database", "databases"},
		{"movie", "movies"},
		{"cookie", "cookies"},
		{"cache", "caches"},
		{"tag", "tags"},
		{"label", "labels"},
		{"order", "orders"},
		{"customer", "customers"},
		{"profile", "profiles"},
		{"product", "products"},
		{"user", "users"},
		{"photo", "photos"},
		{"buzz", "buzzes"},
	}
	for _, tt := range tests {
		if got := pluralWord(tt.sing); got != tt.plur {
			t.Errorf("plural(%q) = %q, want %q", tt.sing, got, tt.plur)
		}
		if got := singularWord(tt.plur); got != tt.sing {
			t.Errorf("singular(%q) = %q, want %q", tt.plur, got, tt.sing)
		}
	}
	// Already plural or singular words stay as they are.
	for _, w := range []string{"people", "children", "leaves"} {
		if got := pluralWord(w); got != w {
			t.Errorf("plural(%q) = %q", w, got)
		}
	}
	for _, w := range []string{"person", "status", "class", "analysis", "leaf"} {
		if got := singularWord(w); got != w {
			t.Errorf("singular(%q) = %q", w, got)
		}
	}
}

func TestNamePlural(t *testing.T) {
	tests := []struct{ in, plural, singular string }{
		{"BlogPost", "blog_posts", "blog_post"},
		{"OrderStatus", "order_statuses", "order_status"},
		{"productCategory", "product_categories", "product_category"},
		{"", "", ""},
	}
	for _, tt := range tests {
		n := Split(tt.in)
		if got := n.Plural().Snake(); got != tt.plural {
			t.Errorf("%q.Plural() = %q, want %q", tt.in, got, tt.plural)
		}
		if got := n.Singular().Snake(); got != tt.singular {
			t.Errorf("%q.Singular() = %q, want %q", tt.in, got, tt.singular)
		}
	}
	// Plural must not modify the receiver's words.
	n := Split("blogPost")
	_ = n.Plural()
	if n.Snake() != "blog_post" {
		t.Errorf("Plural modified its receiver: %q", n.Snake())
	}
}

func TestReserved(t *testing.T) {
	tests := []struct {
		target, word string
		want         bool
	}{
		{"python", "class", true},
		{"python", "from", true},
		{"python", "type", true},
		{"python", "match", true},
		{"python", "id", true},
		{"python", "list", true},
		{"python", "filter", true},
		{"python", "model_config", true},
		{"python", "schema", true},
		{"python", "json", true},
		{"python", "dict", true},
		{"python", "copy", true},
		{"python", "metadata", true},
		{"python", "registry", true},
		{"python", "title", false},
		{"python", "author_id", false},
		{"typescript", "default", true},
		{"typescript", "class", true},
		{"typescript", "delete", true},
		{"typescript", "let", true},
		{"typescript", "title", false},
		{"go", "func", true},
		{"go", "type", true},
		{"go", "string", true},
		{"go", "select", true},
		{"go", "len", true},
		{"go", "title", false},
		{"sql", "order", true},
		{"sql", "ORDER", true},
		{"sql", "user", true},
		{"sql", "from", true},
		{"sql", "select", true},
		{"sql", "posts", false},
		{"cobol", "class", false},
	}
	for _, tt := range tests {
		if got := IsReserved(tt.target, tt.word); got != tt.want {
			t.Errorf("IsReserved(%q, %q) = %v, want %v", tt.target, tt.word, got, tt.want)
		}
	}
}

func TestEscape(t *testing.T) {
	tests := []struct {
		f        func(string) string
		in, want string
		fname    string
	}{
		{EscapePython, "class", "class_", "py"},
		{EscapePython, "title", "title", "py"},
		{EscapeTS, "default", "default_", "ts"},
		{EscapeTS, "title", "title", "ts"},
		{EscapeGo, "type", "type_", "go"},
		{EscapeGo, "Type", "Type", "go"},
	}
	for _, tt := range tests {
		if got := tt.f(tt.in); got != tt.want {
			t.Errorf("%s(%q) = %q, want %q", tt.fname, tt.in, got, tt.want)
		}
	}
	if got := QuoteSQL("order"); got != `"order"` {
		t.Errorf("QuoteSQL = %s", got)
	}
	if got := QuoteSQL(`a"b`); got != `"a""b"` {
		t.Errorf("QuoteSQL = %s", got)
	}
}

func TestScope(t *testing.T) {
	s := NewScope()
	if _, ok := s.Add("author", "relation author"); !ok {
		t.Fatal("first add clashed")
	}
	if _, ok := s.Add("authorId", "relation author key"); !ok {
		t.Fatal("authorId clashed with author")
	}
	clash, ok := s.Add("author_id", "field author_id")
	if ok || clash != "relation author key" {
		t.Errorf("Add(author_id) = %q, %v; want clash with relation author key", clash, ok)
	}
	if clash, ok := s.Add("authorID", "field authorID"); ok || clash != "relation author key" {
		t.Errorf("Add(authorID) = %q, %v", clash, ok)
	}
	if !s.Has("AuthorId") || s.Has("title") {
		t.Error("Has is wrong")
	}
}
