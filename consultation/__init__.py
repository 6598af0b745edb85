"""The consultation store's services: the catalog (consultations, themes, institutions),
intake of proposals from every channel, people, the answer workflow, file imports,
duplicates, Disqus threads, the review of comments and their scoring.

Above storage (``pulso.db``) and the collectors and analytics it uses; below the web, the
jobs and the command line."""
