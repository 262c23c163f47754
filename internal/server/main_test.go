package server_test

import (
	"os"
	"testing"

	"github.com/gin-gonic/gin"
)

// TestMain sets gin's global mode, as the program does: the library leaves
// it alone.
func TestMain(m *testing.M) {
	gin.SetMode(gin.TestMode)
	os.Exit(m.Run())
}
