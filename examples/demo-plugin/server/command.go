package main

import (
	"github.com/mattermost/mattermost/server/public/model"
)

func weatherCommand() *model.Command {
	return &model.Command{
		Trigger:          "weather",
		AutoComplete:     true,
		AutoCompleteDesc: "Post the weather forecast for a city",
		AutoCompleteHint: "<city>",
	}
}
