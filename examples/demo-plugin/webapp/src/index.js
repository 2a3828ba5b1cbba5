import manifest from './manifest';

class WeatherPlugin {
    initialize(registry) {
        registry.registerChannelHeaderButtonAction(
            null,
            () => fetch(`/plugins/${manifest.id}/forecast`),
            'Weather',
            'Show the weather forecast',
        );
    }
}

window.registerPlugin(manifest.id, new WeatherPlugin());
