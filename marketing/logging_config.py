"""The LOGGING setting: plain text in development, one JSON object a line in production.

`LOG_FORMAT` chooses (`json` or `text`); unset, it is `json` when DJANGO_DEBUG is false.
Every line carries the request id (marketing.request_id) whatever the format.
"""

from pythonjsonlogger.json import JsonFormatter

# A record's CloudWatch embedded-metric directive (marketing.dynamo.metrics_emf), written
# as the line's top-level `_aws` key: python-json-logger leaves `_`-named extras out.
EMF_ATTRIBUTE = "cloudwatch_metrics"

JSON_FIELDS = "%(levelname)s %(name)s %(request_id)s %(message)s"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def build_logging(log_format: str, level: str) -> dict:
    if log_format not in ("json", "text"):
        raise ValueError("LOG_FORMAT must be json or text")
    formatter: dict
    if log_format == "json":
        formatter = {
            "()": "marketing.logging_config.ConsoleJsonFormatter",
            "fmt": JSON_FIELDS,
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO-8601 in UTC
            "json_ensure_ascii": False,
        }
    else:
        formatter = {"format": TEXT_FORMAT}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "marketing.request_id.RequestIdFilter"}},
        "formatters": {"console": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "console",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"botocore": {"level": "WARNING"}, "urllib3": {"level": "WARNING"}},
    }


class ConsoleJsonFormatter(JsonFormatter):
    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        directive = log_data.pop(EMF_ATTRIBUTE, None)
        if directive is not None:
            log_data["_aws"] = directive
