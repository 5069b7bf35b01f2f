"""Background work for governance packs: making a pack (services.pack_generate)."""

from huey.contrib.djhuey import db_task


@db_task()
def generate_pack(pack_id: int) -> None:
    from clearsight.governance.services import pack_generate

    pack_generate(pack_id=pack_id)
