package httpapi

import (
	"github.com/labstack/echo/v4"

	"procura/app/store"
)

// retryRead runs a read (GET or HEAD) once more when its first attempt
// failed because the server closed the database connection under it and
// nothing has been written yet. After a database restart every pooled
// connection is dead but looks alive until used; the idle ones are dropped
// so that the second attempt runs on a fresh connection. A read has no
// effect to repeat; writes are never retried, since a statement may have
// run before the connection broke.
func (s *Server) retryRead(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		err := next(c)
		if err == nil || unsafeMethod(c.Request().Method) || c.Response().Committed || !store.ConnectionLost(err) {
			return err
		}
		s.accounts.DropIdleConns()
		s.log.Warn("read retried after a lost database connection", "request_id", requestID(c),
			"path", c.Request().URL.Path, "error", err)
		return next(c)
	}
}
