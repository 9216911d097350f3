package naming

import "strings"

// Plurals work on one lower-case word. The tables are functions returning
// fresh values (or switch statements) so that the package keeps no mutable
// state.

func irregularPlural(w string) (string, bool) {
	switch w {
	case "person":
		return "people", true
	case "child":
		return "children", true
	case "man":
		return "men", true
	case "woman":
		return "women", true
	case "mouse":
		return "mice", true
	case "goose":
		return "geese", true
	case "tooth":
		return "teeth", true
	case "foot":
		return "feet", true
	case "ox":
		return "oxen", true
	// -f / -fe words that take -ves.
	case "leaf":
		return "leaves", true
	case "knife":
		return "knives", true
	case "life":
		return "lives", true
	case "wife":
		return "wives", true
	case "half":
		return "halves", true
	case "shelf":
		return "shelves", true
	case "wolf":
		return "wolves", true
	case "thief":
		return "thieves", true
	case "loaf":
		return "loaves", true
	}
	return "", false
}

func irregularSingular(w string) (string, bool) {
	switch w {
	case "people":
		return "person", true
	case "children":
		return "child", true
	case "men":
		return "man", true
	case "women":
		return "woman", true
	case "mice":
		return "mouse", true
	case "geese":
		return "goose", true
	case "teeth":
		return "tooth", true
	case "feet":
		return "foot", true
	case "oxen":
		return "ox", true
	case "leaves":
		return "leaf", true
	case "knives":
		return "knife", true
	case "lives":
		return "life", true
	case "wives":
		return "wife", true
	case "halves":
		return "half", true
	case "shelves":
		return "shelf", true
	case "wolves":
		return "wolf", true
	case "thieves":
		return "thief", true
	case "loaves":
		return "loaf", true
	}
	return "", false
}

func uncountable(w string) bool {
	switch w {
	case "data", "information", "equipment", "news", "series", "species",
		"sheep", "fish", "metadata", "media":
		return true
	}
	return false
}

// ieSingular lists words ending in -ie, whose plural -ies must not become -y.
func ieSingular(w string) bool {
	switch w {
	case "movie", "cookie", "zombie", "calorie", "tie", "pie", "lie",
		"rookie", "selfie", "brownie", "smoothie", "hoodie", "genie", "prairie":
		return true
	}
	return false
}

// isSingular lists words ending in -is whose plural is -es (analysis ->
// analyses) for the inverse direction; -yses is handled by rule.
func isSingular(w string) bool {
	switch w {
	case "basis", "crisis", "thesis", "hypothesis", "diagnosis", "synopsis",
		"parenthesis", "axis", "emphasis", "oasis", "ellipsis", "synthesis",
		"prognosis", "neurosis", "genesis":
		return true
	}
	return false
}

func isVowel(b byte) bool { return strings.IndexByte("aeiou", b) >= 0 }

func pluralWord(w string) string {
	if w == "" || uncountable(w) {
		return w
	}
	if p, ok := irregularPlural(w); ok {
		return p
	}
	if _, ok := irregularSingular(w); ok {
		return w // already plural
	}
	n := len(w)
	switch {
	case strings.HasSuffix(w, "us"):
		return w + "es" // status -> statuses, bus -> buses
	case strings.HasSuffix(w, "is") && n > 2:
		return w[:n-2] + "es" // analysis -> analyses
	case strings.HasSuffix(w, "y") && n > 1 && !isVowel(w[n-2]):
		return w[:n-1] + "ies"
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"),
		strings.HasSuffix(w, "z"), strings.HasSuffix(w, "ch"),
		strings.HasSuffix(w, "sh"):
		return w + "es"
	}
	return w + "s"
}

func singularWord(w string) string {
	if w == "" || uncountable(w) {
		return w
	}
	if s, ok := irregularSingular(w); ok {
		return s
	}
	if _, ok := irregularPlural(w); ok {
		return w // already singular
	}
	n := len(w)
	switch {
	case strings.HasSuffix(w, "ies") && n > 3:
		if ieSingular(w[:n-1]) {
			return w[:n-1]
		}
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "uses"):
		stem := w[:n-4] // before "uses"
		switch {
		case stem == "" || isVowel(stem[len(stem)-1]) || w == "fuses" ||
			w == "excuses" || w == "abuses" || w == "muses" || w == "ruses" ||
			w == "refuses" || w == "accuses":
			return w[:n-1] // houses -> house, uses -> use
		}
		return w[:n-2] // statuses -> status, buses -> bus
	case strings.HasSuffix(w, "yses"):
		return w[:n-2] + "is" // analyses -> analysis
	case strings.HasSuffix(w, "es") && isSingular(w[:n-2]+"is"):
		return w[:n-2] + "is"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"),
		strings.HasSuffix(w, "zzes"), strings.HasSuffix(w, "shes"):
		return w[:n-2]
	case strings.HasSuffix(w, "ches"):
		switch w {
		case "caches", "niches", "headaches", "avalanches", "moustaches",
			"mustaches", "psyches":
			return w[:n-1] // caches -> cache
		}
		return w[:n-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"),
		strings.HasSuffix(w, "is"):
		return w // class, status, analysis are singular
	case strings.HasSuffix(w, "s") && n > 1:
		return w[:n-1]
	}
	return w
}
