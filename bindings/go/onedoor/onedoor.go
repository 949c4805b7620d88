// Package onedoor embeds the onedoor engine through cgo; it finds the C library with
// pkg-config (package "onedoor") and needs nothing but the Go standard library.
//
//	eng, err := onedoor.Open(map[string]any{"database": "district.db", "district_file": "..."})
//	defer eng.Close()
//	var taken struct{ CaseID string `json:"case_id"` }
//	err = eng.Call("intake", request, &taken)
//
// A status other than OK comes back as *onedoor.Error (errors.As), with the error
// document's code, message and field. Go strings are UTF-8, which is what the library
// takes and returns; every response is copied and handed back to od_free.
// An Engine may be used from any goroutine; Close must not race with calls.
package onedoor

/*
#cgo pkg-config: onedoor
#include <stdlib.h>
#include <onedoor/onedoor.h>
*/
import "C"

import (
	"encoding/json"
	"fmt"
	"unsafe"
)

// Status codes (onedoor.h); never renumbered.
const (
	OK        = C.OD_OK
	Invalid   = C.OD_ERR_INVALID
	NotFound  = C.OD_ERR_NOT_FOUND
	Forbidden = C.OD_ERR_FORBIDDEN
	Conflict  = C.OD_ERR_CONFLICT
	Archived  = C.OD_ERR_ARCHIVED
	TooLarge  = C.OD_ERR_TOO_LARGE
	Config    = C.OD_ERR_CONFIG
	Storage   = C.OD_ERR_STORAGE
	NoMem     = C.OD_ERR_NOMEM
	Misuse    = C.OD_ERR_MISUSE
	UnknownOp = C.OD_ERR_UNKNOWN_OP
	Internal  = C.OD_ERR_INTERNAL
)

// Error is a status other than OK.
type Error struct {
	Status  int    `json:"status"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (field %s)", e.Code, e.Message, e.Field)
	}
	return e.Code + ": " + e.Message
}

// Engine is one open engine (a district, its database and its plugins).
type Engine struct{ handle *C.od_engine }

// Version is the loaded library's version text.
func Version() string { return C.GoString(C.od_version()) }

// Open opens an engine; config is anything encoding/json turns into the configuration object.
func Open(config any) (*Engine, error) {
	text, err := json.Marshal(config)
	if err != nil {
		return nil, err
	}
	ctext := C.CString(string(text))
	defer C.free(unsafe.Pointer(ctext))
	var handle *C.od_engine
	var cerr *C.char
	status := C.od_open(ctext, &handle, &cerr)
	doc := take(cerr)
	if status != C.OD_OK {
		return nil, failure(status, doc)
	}
	return &Engine{handle: handle}, nil
}

// Call runs one operation with request (encoded with encoding/json; nil means {}) and
// decodes the response into response (nil: discard it).
func (e *Engine) Call(operation string, request any, response any) error {
	if e.handle == nil {
		return &Error{Status: Misuse, Code: "MISUSE", Message: "the engine is closed"}
	}
	if request == nil {
		request = map[string]any{}
	}
	text, err := json.Marshal(request)
	if err != nil {
		return err
	}
	cop, creq := C.CString(operation), C.CString(string(text))
	defer C.free(unsafe.Pointer(cop))
	defer C.free(unsafe.Pointer(creq))
	var out *C.char
	status := C.od_call(e.handle, cop, creq, &out)
	doc := take(out)
	if status != C.OD_OK {
		return failure(status, doc)
	}
	if response == nil {
		return nil
	}
	return json.Unmarshal([]byte(doc), response)
}

// Close stops the engine's workers, unloads its plugins and closes its database.
func (e *Engine) Close() {
	if e.handle != nil {
		C.od_close(e.handle)
		e.handle = nil
	}
}

// take copies a document the library returned and frees it.
func take(p *C.char) string {
	if p == nil {
		return ""
	}
	defer C.od_free(unsafe.Pointer(p))
	return C.GoString(p)
}

func failure(status C.int32_t, doc string) error {
	var wrapped struct{ Error Error `json:"error"` }
	if json.Unmarshal([]byte(doc), &wrapped) != nil || wrapped.Error.Code == "" {
		wrapped.Error = Error{Code: C.GoString(C.od_status_name(status)), Message: doc}
	}
	wrapped.Error.Status = int(status)
	return &wrapped.Error
}
