package main

import (
	"github.com/pkg/errors"
)

// configuration mirrors the settings in plugin.json.
type configuration struct {
	APIKey          string
	DefaultCity     string
	Units           string
	EnableDailyPost bool
}

func (p *Plugin) getConfiguration() *configuration {
	p.configurationLock.RLock()
	defer p.configurationLock.RUnlock()
	if p.configuration == nil {
		return &configuration{}
	}
	return p.configuration
}

// OnConfigurationChange loads the configuration the System Console saved.
func (p *Plugin) OnConfigurationChange() error {
	var config = new(configuration)
	if err := p.API.LoadPluginConfiguration(config); err != nil {
		p.API.LogError("Failed to load the plugin configuration", "error", err.Error())
		return errors.Wrap(err, "failed to load plugin configuration")
	}
	p.configurationLock.Lock()
	p.configuration = config
	p.configurationLock.Unlock()
	return nil
}
