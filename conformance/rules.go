package conformance

import "testing"

type rule struct {
	name string
	run  func(s *Suite, t *testing.T)
}

// rules lists every rule in the order it runs. The last ones report what
// was watched on every exchange of the run.
func rules() []rule {
	return []rule{
		{"ops.health", checkHealth},
		{"ops.ready", checkReady},
		{"ops.openapiDocument", checkOpenAPIDocument},
		{"crud", checkCRUD},
		{"resource.shape", checkShape},
		{"resource.formats", checkFormats},
		{"resource.defaults", checkDefaults},
		{"validation.required", checkRequired},
		{"validation.null", checkNull},
		{"validation.type", checkInvalid("type")},
		{"validation.enum", checkInvalid("enum")},
		{"validation.format", checkInvalid("format")},
		{"validation.min", checkInvalid("min")},
		{"validation.max", checkInvalid("max")},
		{"validation.minLength", checkInvalid("minLength")},
		{"validation.maxLength", checkInvalid("maxLength")},
		{"validation.pattern", checkInvalid("pattern")},
		{"validation.unknown", checkUnknown},
		{"validation.readOnly", checkReadOnly},
		{"validation.immutable", checkImmutable},
		{"validation.update", checkUpdateValidation},
		{"validation.several", checkSeveral},
		{"unique", checkUnique},
		{"unique.composite", checkCompositeUnique},
		{"unique.concurrent", checkConcurrentUnique},
		{"concurrent.writes", checkConcurrentWrites},
		{"reference", checkReference},
		{"referenced", checkReferenced},
		{"onDelete", checkOnDelete},
		{"body.malformed", checkMalformed},
		{"body.contentType", checkContentType},
		{"body.tooLarge", checkTooLarge},
		{"notFound", checkNotFound},
		{"methodNotAllowed", checkMethodNotAllowed},
		{"list.envelope", checkListEnvelope},
		{"list.paging", checkPaging},
		{"list.sort", checkSort},
		{"list.filter", checkFilters},
		{"list.search", checkSearch},
		{"list.params", checkListParams},
		{"relations.hasMany", checkHasMany},
		{"relations.hasOne", checkHasOne},
		{"relations.manyToMany", checkManyToMany},
		{"relations.access", checkRelationAccess},
		{"auth.register", checkRegister},
		{"auth.login", checkLogin},
		{"auth.me", checkMe},
		{"auth.tokens", checkTokens},
		{"auth.demotion", checkDemotion},
		{"access", checkAccess},
		{"access.owner", checkOwner},
		{"endpoints", checkEndpoints},
		{"headers.requestId", checkRequestID},
		{"headers.cors", checkCORS},
		{"cli.createUser", checkCreateUserCLI},
		{"config", checkConfig},
		{"config.env", checkConfigEnv},
		{"log", checkLog},
		{"fuzz", checkFuzz},
		{"headers.every", checkWatchedHeaders},
		{"no5xx", checkNo5xx},
		{"openapi", checkOpenAPIResponses},
	}
}
