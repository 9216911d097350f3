package golang

func (g *gen) endpointHandlers() []route { return nil }
