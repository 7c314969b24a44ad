package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"procura/app/store"
	"procura/domain"
)

// batchApprovalRequest approves several suggestions with one opinion; each
// item carries the version it was chosen on.
type batchApprovalRequest struct {
	Items   []batchItem `json:"items"`
	Opinion string      `json:"opinion"`
}

type batchItem struct {
	ID      int64 `json:"id"`
	Version *int  `json:"version"`
}

// batchApprovalResponse lists the suggestions as they now stand.
type batchApprovalResponse struct {
	Items []suggestionSummary `json:"items"`
}

func (s *Server) registerSuggestionBatchRoutes(g *echo.Group) {
	s.add(g, Route{Method: http.MethodPost, Path: "/suggestions/approvals", Tag: "suggestions",
		Access:  Access{Resource: "suggestion", Action: "approve", Targeted: true},
		Summary: "Approve several suggestions awaiting approval with one opinion: each checked as one approval would be, all in one transaction (all or none)",
		Body:    batchApprovalRequest{}, Response: batchApprovalResponse{}, Handler: s.approveSuggestions})
}

// approveSuggestions applies the approval of each item in turn, with the
// rules and authorisation of POST /suggestions/:id/transitions, in one
// transaction: the first item that fails (not found, forbidden, changed
// since, not awaiting approval) fails the whole batch with its error, which
// names it in details (item, suggestion_id), and nothing is approved.
func (s *Server) approveSuggestions(c echo.Context) error {
	var req batchApprovalRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	var v domain.Validator
	v.Check(len(req.Items) > 0 && len(req.Items) <= maxLimit,
		domain.Field("items", "range", "Between 1 and 200 suggestions.", "应选择 1 到 200 件检察建议。"))
	seen := map[int64]bool{}
	for i, it := range req.Items {
		field := fmt.Sprintf("items[%d]", i)
		v.Check(it.ID > 0 && !seen[it.ID], domain.Field(field+".id", "invalid", "A positive id, each once.", "应为不重复的正整数编号。"))
		v.Check(it.Version != nil, domain.Required(field+".version"))
		seen[it.ID] = true
	}
	if err := v.Err(); err != nil {
		return err
	}
	ctx := c.Request().Context()
	recs := make([]store.SuggestionRecord, len(req.Items))
	for i, it := range req.Items {
		rec, err := s.suggestions.GetSuggestion(ctx, it.ID)
		if err == nil {
			err = s.authorize(c, "suggestion", string(domain.ActApprove), domain.Unit{ID: rec.UnitID, Path: rec.UnitPath})
		}
		if err != nil {
			return batchItemError(err, i, it.ID)
		}
		recs[i] = rec
	}
	cal, err := s.suggestions.Calendar(ctx)
	if err != nil {
		return err
	}
	params, today := domain.TransitionParams{Opinion: strings.TrimSpace(req.Opinion)}, s.today()
	out := batchApprovalResponse{Items: make([]suggestionSummary, len(recs))}
	err = s.suggestions.WithTx(ctx, func(ctx context.Context) error {
		for i, rec := range recs {
			actor := s.suggestionActor(c, rec)
			updated, err := s.suggestions.Transition(ctx, rec.ID, *req.Items[i].Version, domain.ActApprove, params.Opinion,
				func(cur domain.Suggestion) (domain.Suggestion, error) {
					if err := domain.CheckSuggestionAction(cur, domain.ActApprove, actor); err != nil {
						return cur, err
					}
					return domain.ApplyTransition(cur, domain.ActApprove, params, cal, today)
				})
			if err != nil {
				return batchItemError(err, i, rec.ID)
			}
			out.Items[i] = s.toSuggestionSummary(updated)
			out.Items[i].AllowedActions = s.allowedSuggestionActions(c, updated)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// batchItemError is err of the batch's item i (suggestion id), with the
// item named in the answer's details.
func batchItemError(err error, i int, id int64) error {
	if de, ok := domain.AsError(err); ok {
		named := *de
		named.Details = map[string]any{"item": i, "suggestion_id": id}
		for k, v := range de.Details {
			named.Details[k] = v
		}
		err = &named
	}
	return fmt.Errorf("approve item %d (suggestion %d): %w", i, id, err)
}
