"""The optional photo of a visit (issue 10, point 5): a phone camera's picture (4000×3000, with
the GPS position in its EXIF) chosen in the form is made smaller on the phone (long side 1600 px)
and re-encoded without its metadata before it is sent; the server keeps that file as media."""

import io

from PIL import ExifTags, Image
from playwright.sync_api import expect

from coso.visits.models import Visit, VisitPhoto
from tests.builders import PASSWORD

from .conftest import TIMEOUT_MS
from .test_offline import _phone, _record, _tree, _working_days_last_month

GPS_IFD = ExifTags.IFD.GPSInfo


def camera_photo(path):
    """A 4000×3000 JPEG as a phone camera writes it: a camera model and the place in EXIF."""
    image = Image.effect_noise((4000, 3000), 40).convert("RGB")  # noise: a large file, like a photo
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Coso Test Phone"
    gps = exif.get_ifd(GPS_IFD)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (15.0, 16.0, 0.12)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (108.0, 13.0, 0.12)
    image.save(path, "JPEG", quality=92, exif=exif)
    with Image.open(path) as check:  # the test's own premise: the original does carry the place
        assert check.size == (4000, 3000)
        assert check.getexif().get_ifd(GPS_IFD).get(ExifTags.GPS.GPSLatitude)
    return path


def test_a_visit_photo_is_resized_and_loses_its_location_on_the_phone(
    new_context, live_server, _e2e_db, login_as, tmp_path
):
    tree = _tree()
    original = camera_photo(tmp_path / "IMG_20261115_093012.jpg")
    assert original.stat().st_size > 3 * 1024 * 1024  # as sent unchanged, the server would refuse it
    (day,) = _working_days_last_month(1)
    context, page = _phone(new_context)
    login_as(page, "canbo", PASSWORD)
    page.goto("/visits/trips/add/")
    expect(page.get_by_test_id("location-status")).to_contain_text("Đã có vị trí")

    page.get_by_label("Ảnh (không bắt buộc)").set_input_files(str(original))
    expect(page.locator("[data-photo-status]")).to_have_text("1 ảnh, đã thu nhỏ.", timeout=TIMEOUT_MS)
    chosen = page.evaluate(
        "() => { const f = document.querySelector('input[name=photos]').files[0]; return [f.name, f.type, f.size]; }"
    )
    assert chosen[0] == "IMG_20261115_093012.jpg" and chosen[1] == "image/jpeg"
    assert chosen[2] < original.stat().st_size / 2
    _record(page, "Đoàn xã Trà Sơn", day, "Dự sinh hoạt chi đoàn, chụp ảnh buổi sinh hoạt")
    expect(page.get_by_role("alert")).to_contain_text("Đã ghi chuyến đi Đoàn xã Trà Sơn", timeout=TIMEOUT_MS)

    visit = Visit.objects.get(cadre=tree.movement_cadre)
    photo = VisitPhoto.objects.get(visit=visit)
    with photo.image.open("rb") as stored_file:
        stored = stored_file.read()
    assert photo.size == len(stored) < 3 * 1024 * 1024
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert max(image.size) == 1600 and image.size == (1600, 1200)  # the long side, proportions kept
        exif = image.getexif()
        assert not exif.get_ifd(GPS_IFD), "the GPS position reached the server"
        assert GPS_IFD not in exif
        assert ExifTags.Base.Make not in exif
    # The visit's page shows the photo to the cadre.
    expect(page.locator(f"[data-testid=photos] img[src$='/photos/{photo.pk}/']")).to_have_count(1)
    context.close()


def test_a_photo_the_phone_cannot_read_is_never_sent(new_context, live_server, _e2e_db, login_as, tmp_path):
    """A file that is no picture (or one the browser cannot decode) is taken out of the form with a
    message: the original is never sent as it is."""
    _tree()
    broken = tmp_path / "IMG_0001.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe1 not really a picture")
    context, page = _phone(new_context)
    login_as(page, "canbo", PASSWORD)
    page.goto("/visits/trips/add/")
    page.get_by_label("Ảnh (không bắt buộc)").set_input_files(str(broken))
    expect(page.locator("[data-photo-status]")).to_contain_text("Không thu nhỏ được ảnh này", timeout=TIMEOUT_MS)
    assert page.evaluate("() => document.querySelector('input[name=photos]').files.length") == 0
    expect(page.get_by_role("button", name="Lưu chuyến đi")).to_be_enabled()
    context.close()
