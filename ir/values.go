package ir

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// NormalizeDecimal renders a decimal given as a string of digits or a
// number with exactly scale decimals: "12.5" -> "12.50", 0 -> "0.00".
func NormalizeDecimal(v any, scale int) (string, error) {
	var text string
	switch x := v.(type) {
	case string:
		text = x
	case int64:
		text = strconv.FormatInt(x, 10)
	case int:
		text = strconv.Itoa(x)
	case float64:
		text = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return "", fmt.Errorf("%v is not a decimal", v)
	}
	if text == "" || strings.ContainsAny(text, "/eE") {
		return "", fmt.Errorf("%q is not a decimal", text)
	}
	r, ok := new(big.Rat).SetString(text)
	if !ok {
		return "", fmt.Errorf("%q is not a decimal", text)
	}
	if scale < 0 {
		scale = 0
	}
	return r.FloatString(scale), nil
}
