"""The routers of the service, mounted by create_app."""
