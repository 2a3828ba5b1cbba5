package main

import (
	"net/http"
	"sync"

	"github.com/mattermost/mattermost/server/public/plugin"
)

// Plugin implements the Mattermost plugin interface.
type Plugin struct {
	plugin.MattermostPlugin

	configurationLock sync.RWMutex
	configuration     *configuration
}

// OnActivate registers the /weather command.
func (p *Plugin) OnActivate() error {
	if err := p.API.RegisterCommand(weatherCommand()); err != nil {
		p.API.LogError("Failed to register the weather command", "error", err.Error())
		return err
	}
	return nil
}

// ServeHTTP answers the webapp's requests for forecasts of the signed-in user.
func (p *Plugin) ServeHTTP(c *plugin.Context, w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Mattermost-User-ID") == "" {
		http.Error(w, "not authorized", http.StatusUnauthorized)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"status":"ok"}`))
}
