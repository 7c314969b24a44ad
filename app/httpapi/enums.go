package httpapi

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"procura/app/indicators"
	"procura/domain"
)

// enums are the closed value sets of the API, by the name a field's
// `enum` struct tag gives. The OpenAPI document lists their values, so
// that the frontend's types, generated from it, know them too; the lists
// are the domain's own, never copies. The document also carries the whole
// map as x-enums, from which the frontend's build writes the lists it
// offers in forms and filters.
var enums = map[string][]string{
	"role":                 names(domain.Roles),
	"unit_level":           names(domain.UnitLevels),
	"suggestion_type":      names(domain.SuggestionTypes),
	"suggestion_status":    names(domain.SuggestionStatuses),
	"suggestion_action":    names(append(slices.Clone(domain.TransitionActions), domain.ActEdit, domain.ActReply, domain.ActFollowUp, domain.ActVerify, domain.ActAttach, domain.ActDelete)),
	"notification_kind":    domain.NoticeKinds,
	"transition_action":    names(domain.TransitionActions),
	"recipient_kind":       names(domain.RecipientKinds),
	"outcome":              names(domain.Outcomes),
	"followup_method":      domain.FollowUpMethods,
	"verification_result":  domain.VerificationResults,
	"non_performance_code": domain.NonPerformanceCodes,
	"escalation_level":     domain.EscalationLevels,
	"service_method":       domain.ServiceMethods,
	"pending_reply_state":  pendingReplyStates,
	"pending_reply_kind":   pendingReplyKinds,
	"hearing_kind":         names(domain.HearingKinds),
	"hearing_status":       names(domain.HearingStatuses),
	"hearing_document":     names(domain.HearingDocuments),
	"hearing_action":       names(append(slices.Clone(domain.HearingTransitionActions), domain.HearingRecordActions...)),
	"participant_role":     names(domain.ParticipantRoles),
	"recusal_outcome":      domain.RecusalOutcomes,
	"opinion_position":     names(domain.OpinionPositions),
	"majority_position":    names([]domain.MajorityPosition{domain.MajorityAgree, domain.MajorityDisagree, domain.MajorityTie}),
	"officer_category":     names(domain.OfficerCategories),
	"officer_status":       names(domain.OfficerStatuses),
	"draw_mode":            names(domain.DrawModes),
	"case_event":           names(domain.CaseEvents),
	"direction":            names(domain.Directions),
	"indicator_unit":       names(domain.IndicatorUnits),
	"period_kind":          names(domain.PeriodKinds),
	"group_by":             names(indicators.GroupBys),
	"unit_row_kind":        {"total", "own", "child"},
	"import_kind":          importKinds,
	"import_status":        importStatuses,
}

func names[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// enumSchema is the OpenAPI generator's customizer: a string field (or the
// items of a list) tagged enum:"name" lists the values of enums[name];
// enum:"name,empty" also allows "", for a value not set yet (a suggestion's
// service method before issue).
func enumSchema(_ string, t reflect.Type, tag reflect.StructTag, schema *openapi3.Schema) error {
	name, opt, _ := strings.Cut(tag.Get("enum"), ",")
	if name == "" || t.Kind() != reflect.String {
		return nil
	}
	vals, ok := enums[name]
	if !ok {
		return fmt.Errorf("enum %q is not defined", name)
	}
	if opt != "" && opt != "empty" {
		return fmt.Errorf("enum %q: unknown option %q", name, opt)
	}
	schema.Enum = schema.Enum[:0]
	if opt == "empty" && !slices.Contains(vals, "") {
		schema.Enum = append(schema.Enum, "")
	}
	for _, v := range vals {
		schema.Enum = append(schema.Enum, v)
	}
	return nil
}
