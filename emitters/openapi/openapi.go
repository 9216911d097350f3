// Package openapi emits the OpenAPI 3.1 document of an API.
package openapi

import (
	"errors"

	"github.com/bgen-dev/bgen/ir"
)

// Document returns the OpenAPI 3.1 document, as indented JSON ending in a
// newline. Every target serves exactly these bytes at /openapi.json.
func Document(api *ir.API) ([]byte, error) {
	return nil, errors.New("openapi: not implemented")
}
