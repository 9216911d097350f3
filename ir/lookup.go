package ir

// FieldByName returns the field of e with JSON name name, or nil.
func (e *Entity) FieldByName(name string) *Field {
	for _, f := range e.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// RelationByName returns the relation of e named name, or nil.
func (e *Entity) RelationByName(name string) *Relation {
	for _, r := range e.Relations {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// Operation returns e's operation of kind k, or nil when it is not routed.
func (e *Entity) Operation(k OpKind) *Operation {
	for _, op := range e.Operations {
		if op.Kind == k {
			return op
		}
	}
	return nil
}

// ID returns e's primary key field.
func (e *Entity) ID() *Field {
	if len(e.Fields) > 0 && e.Fields[0].Kind == KindID {
		return e.Fields[0]
	}
	return nil
}
