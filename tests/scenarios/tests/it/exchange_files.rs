//! Issue 16: files attached to an announcement, on a real server with real phones. The
//! province's office attaches a file to its sending to one district: the district's
//! copy carries it, a cell member there fetches it, and a member of the other district
//! holds no row of it and is refused the file itself. A cell's secretary, who reads
//! the copy, cannot hang a file on a copy sent from above.

use crate::exchange_world::World;
use sotay_model::exchange::requests::CreateAnnouncement;
use sotay_model::exchange::Announcement;
use sotay_model::library::requests::{AttachFile, FetchAttachment, ListAttachments};
use sotay_model::Entity;

const PDF: &[u8] = b"%PDF-1.4\n% Cong van huong dan\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sendings_file_reaches_each_receiving_district_and_no_other() {
    let w = World::start().await;
    let prov = w.phone(w.province, "máy tỉnh ủy").await;
    let (c1, c3) = (w.with_phones(w.c1), w.with_phones(w.c3));
    let reader = w.phone(c1[0], "điện thoại đảng viên Hòa Bình").await;
    let secretary = w.phone(w.cell1, "máy bí thư chi bộ Hòa Bình").await;
    let far = w.phone(c3[0], "điện thoại đảng viên Nam Hải").await;

    let batch = prov
        .ask(CreateAnnouncement {
            org_id: w.p,
            title: "Hướng dẫn đại hội chi bộ".into(),
            body: "Xem công văn đính kèm".into(),
            to_org_ids: vec![w.d1],
            must_read_by: None,
        })
        .await;
    let copy = Announcement::row_id(batch, w.d1);
    let file = tempfile::tempdir().expect("dir");
    let path = file.path().join("huong-dan.pdf");
    std::fs::write(&path, PDF).expect("write");
    let first = prov
        .ask(AttachFile {
            document_id: copy,
            path: path.to_string_lossy().into_owned(),
            name: None,
            upload_id: None,
        })
        .await;
    prov.sync().await;
    assert!(prov.rejections().await.is_empty());
    let on_server = w.server_rows("attachment");
    assert_eq!(on_server.len(), 1, "one copy, one file row");
    assert_eq!(on_server[0].row_id, first);

    for p in [&reader, &secretary, &far] {
        p.sync().await;
    }
    let listed = reader.ask(ListAttachments { document_id: copy }).await;
    assert_eq!(listed.len(), 1);
    reader.ask(FetchAttachment { id: first }).await;
    let (_, plain) =
        sotay_replica::library::blobs::read_local(&reader.replica.db(), first).expect("fetched");
    assert_eq!(plain, PDF);

    assert!(!far
        .rows()
        .iter()
        .any(|r| matches!(r.entity, Entity::Attachment | Entity::Announcement)));
    let refused = far.replica.ask(FetchAttachment { id: first }).await;
    assert!(refused.is_err(), "{refused:?}");

    // The cell's secretary reads the copy but may not hang files on it.
    let theirs = file.path().join("bao-cao.pdf");
    std::fs::write(&theirs, PDF).expect("write");
    secretary
        .ask(AttachFile {
            document_id: copy,
            path: theirs.to_string_lossy().into_owned(),
            name: None,
            upload_id: None,
        })
        .await;
    secretary.sync().await;
    assert_eq!(secretary.rejections().await.len(), 1);
    assert_eq!(w.server_rows("attachment").len(), 1);
}
