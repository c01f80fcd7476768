package studio

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// The API's HTTP status codes (RFC 9110), named here so that the studio
// builds for the browser (GOOS=js) without net/http.
const (
	statusOK                   = 200
	statusBadRequest           = 400
	statusForbidden            = 403
	statusNotFound             = 404
	statusMethodNotAllowed     = 405
	statusTooLarge             = 413
	statusUnsupportedMediaType = 415
	statusMisdirected          = 421
	statusUnprocessable        = 422
	statusInternal             = 500
	statusUnavailable          = 503
)

// Reply is the answer to one API request: a status, a JSON body and, for
// a busy studio (503), the seconds after which to retry.
type Reply struct {
	Status     int
	Body       []byte
	RetryAfter int
}

// Answer answers one request of the page's API, whatever carries it: the
// HTTP server (ServeHTTP), or the page itself in the exported studio,
// where the engine runs in the browser. target is the path and query
// ("/api/describe?scenario=binding"); body is read for POST, at most
// MaxBody bytes of it.
//
//	GET  /api/scenarios
//	GET  /api/describe?scenario=NAME
//	POST /api/run (Settings as JSON)
func (s *Server) Answer(ctx context.Context, method, target string, body io.Reader) Reply {
	u, err := url.Parse(target)
	if err != nil {
		return errorReply(badRequest("request %q: %v", target, err))
	}
	want := map[string]string{"/api/scenarios": "GET", "/api/describe": "GET", "/api/run": "POST"}[u.Path]
	switch {
	case want == "":
		return errorReply(&requestError{status: statusNotFound, msg: fmt.Sprintf("no API %s: the studio answers GET /api/scenarios, GET /api/describe?scenario=NAME and POST /api/run", u.Path)})
	case method != want && !(want == "GET" && method == "HEAD"):
		return errorReply(&requestError{status: statusMethodNotAllowed, msg: fmt.Sprintf("%s %s: want %s", method, u.Path, want)})
	}
	switch u.Path {
	case "/api/scenarios":
		return jsonReply(statusOK, map[string]any{
			"scenarios": s.Scenarios(), "scenario": s.opts.Scenario, "against": s.opts.Against,
		})
	case "/api/describe":
		return s.describe(u.Query().Get("scenario"))
	default:
		return s.run(ctx, body)
	}
}

func (s *Server) describe(ref string) Reply {
	if ref == "" {
		ref = s.opts.Scenario
	}
	sc, err := s.load(ref, nil)
	if err != nil {
		return errorReply(err)
	}
	d, err := Describe(ref, sc)
	if err != nil {
		return errorReply(err)
	}
	d.Against = s.Counterfactual(sc.Params)
	d.AgainstOptions = s.AgainstOptions(sc.Params)
	return jsonReply(statusOK, d)
}

func (s *Server) run(ctx context.Context, body io.Reader) Reply {
	data, err := io.ReadAll(io.LimitReader(body, MaxBody+1))
	if err != nil {
		return errorReply(badRequest("settings: %v", err))
	}
	if len(data) > MaxBody {
		return errorReply(&requestError{status: statusTooLarge, msg: fmt.Sprintf("request body over %d bytes", MaxBody)})
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var set Settings
	if err := dec.Decode(&set); err != nil {
		return errorReply(badRequest("settings: %v (want JSON like {\"scenario\": \"agreement\", \"set\": {\"policy.business_engagement\": 0.8}})", err))
	}
	if dec.More() {
		return errorReply(badRequest("settings: one JSON object expected, found more"))
	}
	ctx, cancel := context.WithTimeout(ctx, queueWait+RunTimeout)
	defer cancel()
	res, err := s.Run(ctx, set)
	if err != nil {
		return errorReply(err)
	}
	return jsonReply(statusOK, res)
}

func jsonReply(status int, v any) Reply {
	data, err := json.Marshal(v)
	if err != nil {
		return Reply{Status: statusInternal, Body: []byte(`{"error": "the answer could not be written as JSON"}`)}
	}
	return Reply{Status: status, Body: data}
}

// errorReply is {"error": message} with the error's status (a request's
// fault, 4xx, or a busy studio, 503), else 500.
func errorReply(err error) Reply {
	status, retry := statusInternal, 0
	var re *requestError
	if errors.As(err, &re) {
		status, retry = re.status, re.retryAfter
	}
	r := jsonReply(status, map[string]string{"error": err.Error()})
	r.RetryAfter = retry
	return r
}

// isAPI says whether a request path is the API's (else a file of the page).
func isAPI(path string) bool { return strings.HasPrefix(path, "/api/") }
