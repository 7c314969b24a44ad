package httpapi

import (
	"net/http"
	"procura/app/store"
	"procura/domain"
	"strings"

	"github.com/labstack/echo/v4"
)

func (s *Server) addReply(c echo.Context) error {
	var req replyDTO
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	rec, err := s.targetSuggestion(c, "reply")
	if err != nil {
		return err
	}
	var v domain.Validator
	r := domain.Reply{ReceivedOn: parseOptionalDate("received_on", req.ReceivedOn, &v), DocNo: strings.TrimSpace(req.DocNo),
		Replier: strings.TrimSpace(req.Replier), Outcome: domain.Outcome(req.Outcome), Measures: req.Measures,
		FundsYuan: req.FundsYuan, Personnel: req.Personnel, Interim: req.Interim}
	for _, io := range req.ItemOutcomes {
		r.ItemOutcomes = append(r.ItemOutcomes, domain.ItemOutcome{Item: io.Item, Outcome: domain.Outcome(io.Outcome)})
	}
	if err := v.Err(); err != nil {
		return err
	}
	actor, today := s.suggestionActor(c, rec), s.today()
	saved, err := s.suggestions.AddReply(c.Request().Context(), rec.ID, func(cur domain.Suggestion) (domain.Suggestion, domain.Reply, error) {
		return recordReply(cur, r, actor, today)
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toReplyDTO(store.ReplyRecord{Reply: saved}))
}

func (s *Server) addFollowUp(c echo.Context) error {
	var req followUpDTO
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	rec, err := s.targetSuggestion(c, "followup")
	if err != nil {
		return err
	}
	var v domain.Validator
	f := domain.FollowUp{On: parseOptionalDate("on", req.On, &v), Method: req.Method, Findings: strings.TrimSpace(req.Findings)}
	if err := v.Err(); err != nil {
		return err
	}
	actor, today := s.suggestionActor(c, rec), s.today()
	saved, err := s.suggestions.AddFollowUp(c.Request().Context(), rec.ID, func(cur domain.Suggestion) (domain.Suggestion, domain.FollowUp, error) {
		if err := domain.CheckSuggestionAction(cur, domain.ActFollowUp, actor); err != nil {
			return cur, f, err
		}
		if err := domain.ValidateFollowUp(cur, f, today); err != nil {
			return cur, f, err
		}
		return domain.ApplyFollowUp(cur), f, nil
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toFollowUpDTO(store.FollowUpRecord{FollowUp: saved}))
}

func (s *Server) addVerification(c echo.Context) error {
	var req verificationDTO
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	rec, err := s.targetSuggestion(c, "verify")
	if err != nil {
		return err
	}
	var v domain.Validator
	vf := domain.Verification{On: parseOptionalDate("on", req.On, &v), Result: req.Result, NonPerformanceCodes: req.NonPerformanceCodes,
		Notes: strings.TrimSpace(req.Notes)}
	if err := v.Err(); err != nil {
		return err
	}
	actor, today := s.suggestionActor(c, rec), s.today()
	saved, err := s.suggestions.AddVerification(c.Request().Context(), rec.ID, func(cur domain.Suggestion) (domain.Suggestion, domain.Verification, error) {
		if err := domain.CheckSuggestionAction(cur, domain.ActVerify, actor); err != nil {
			return cur, vf, err
		}
		if err := domain.ValidateVerification(cur, vf, today); err != nil {
			return cur, vf, err
		}
		return domain.ApplyVerification(cur, vf), vf, nil
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toVerificationDTO(store.VerificationRecord{Verification: saved}))
}

// recordReply checks that actor may record reply r on cur today and
// applies it: the rule for a reply typed in and for one accepted from the
// recipient portal.
func recordReply(cur domain.Suggestion, r domain.Reply, actor domain.SuggestionActor, today domain.Date) (domain.Suggestion, domain.Reply, error) {
	if err := domain.CheckSuggestionAction(cur, domain.ActReply, actor); err != nil {
		return cur, r, err
	}
	if err := domain.ValidateReply(cur, r, today); err != nil {
		return cur, r, err
	}
	next, rep := domain.ApplyReply(cur, r)
	return next, rep, nil
}
