"""The models that are content: what authors may edit, what has history, what invalidates caches."""

CONTENT_MODELS = {
    "reference": ["statuscode", "faqentry"],
    "comparisons": ["comparison", "comparisonfaqentry", "aspectoverride"],
    "wizard": ["question", "answer"],
    "errors": ["errorguide", "errorguidefaqentry"],
    "clients": ["observation"],
}
CONTENT_MODEL_LABELS = [f"{app}.{model}" for app, models in CONTENT_MODELS.items() for model in models]
