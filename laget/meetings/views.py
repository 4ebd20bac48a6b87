"""Views: thin; fetch through selectors (404 for what the user may not see), act through services."""
