package domain

import "slices"

// Actor is who acts on a record: the user and the roles they hold in the
// record's unit (directly or from above).
type Actor struct {
	UserID int64
	Roles  []Role
}

// Who is one kind of actor a lifecycle rule admits: a role, and when If is
// set, only the holders of that role for whom If holds (the handling
// prosecutor of a suggestion, the proposer of a hearing).
type Who[R any] struct {
	Role Role
	If   func(rec R, userID int64) bool
}

func (w Who[R]) admits(rec R, a Actor) bool {
	return slices.Contains(a.Roles, w.Role) && (w.If == nil || w.If(rec, a.UserID))
}

// Rule is one action of a lifecycle: the states it may start from, the
// state it leads to ("" leaves the state as it is) and who may take it.
// Possible, when set, is a further condition on the record and the actor
// without which the action does not exist now (409, and not offered);
// Offered, when set, only hides the action from the buttons while the
// check lets it through to fail on a field.
type Rule[S ~string, R any] struct {
	From     []S
	To       S
	By       []Who[R]
	Possible func(rec R, a Actor) bool
	Offered  func(rec R) bool
}

// Lifecycle is a state machine given as data: one table of rules per kind
// of record, one engine for all.
type Lifecycle[S ~string, A ~string, R any] struct {
	// Noun names the record in errors ("suggestion", "检察建议").
	Noun, NounZh string
	// StateNameZh names the states in Chinese.
	StateNameZh map[S]string
	// State reads a record's state.
	State func(R) S
	// Actions lists the actions in the order the buttons show them.
	Actions []A
	Rules   map[A]Rule[S, R]
}

// Check decides whether actor may take action a on rec now: 422 for an
// unknown action, 409 (ErrIllegalTransition) when the record's state does
// not allow it, 403 when the state does but the actor may not, nil
// otherwise.
func (l Lifecycle[S, A, R]) Check(rec R, a A, actor Actor) error {
	rule, ok := l.Rules[a]
	if !ok {
		return Invalid(Field("action", "unknown", "Unknown action.", "未知操作。"))
	}
	if !l.possible(rule, rec, actor) {
		return l.illegal(rec, a, actor)
	}
	for _, w := range rule.By {
		if w.admits(rec, actor) {
			return nil
		}
	}
	return ErrForbidden
}

// Allowed lists the actions actor may take on rec now, in button order.
func (l Lifecycle[S, A, R]) Allowed(rec R, actor Actor) []A {
	var out []A
	state := l.State(rec)
	for _, a := range l.Actions {
		rule := l.Rules[a]
		if !slices.Contains(rule.From, state) || (rule.Possible != nil && !rule.Possible(rec, actor)) ||
			(rule.Offered != nil && !rule.Offered(rec)) {
			continue
		}
		for _, w := range rule.By {
			if w.admits(rec, actor) {
				out = append(out, a)
				break
			}
		}
	}
	return out
}

// Next is the state after a successful action a on rec.
func (l Lifecycle[S, A, R]) Next(rec R, a A) S {
	if to := l.Rules[a].To; to != "" {
		return to
	}
	return l.State(rec)
}

// Roles lists the roles that may take action a in some case; the
// authorisation policies are checked against it.
func (l Lifecycle[S, A, R]) Roles(a A) []Role {
	var out []Role
	for _, w := range l.Rules[a].By {
		if !slices.Contains(out, w.Role) {
			out = append(out, w.Role)
		}
	}
	return out
}

func (l Lifecycle[S, A, R]) possible(rule Rule[S, R], rec R, actor Actor) bool {
	return slices.Contains(rule.From, l.State(rec)) && (rule.Possible == nil || rule.Possible(rec, actor))
}

func (l Lifecycle[S, A, R]) illegal(rec R, a A, actor Actor) *Error {
	allowed := l.Allowed(rec, actor)
	names := make([]string, len(allowed))
	for i, x := range allowed {
		names[i] = string(x)
	}
	state := l.State(rec)
	return &Error{Kind: KindConflict, Code: "illegal_transition",
		Message:   "Action " + string(a) + " is not possible while the " + l.Noun + " is " + string(state) + ".",
		MessageZh: l.NounZh + "当前状态为“" + l.StateNameZh[state] + "”，不能执行该操作。",
		Details:   map[string]any{"status": string(state), "allowed_actions": names}}
}
