from django import forms


class ImportFileForm(forms.Form):
    """One CSV file to import. The importer, not the form, decides whether its content is good."""

    file = forms.FileField(
        label="Upload a CSV file",
        allow_empty_file=True,  # an empty file is refused, and recorded, by the importer
        error_messages={
            "required": "Select a CSV file",
            "invalid": "The selected file could not be read. Select a CSV file",
            "missing": "Select a CSV file",
        },
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args: object, help_text: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["file"].help_text = help_text
